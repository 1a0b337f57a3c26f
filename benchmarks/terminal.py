"""Run a program in a pseudo-terminal and time how long until a string is on its screen.

The clock starts just before fork and stops when the marker has been read from
the terminal's output (escape sequences stripped), so it covers interpreter
start-up, imports, the app's compose and the frame's bytes reaching the terminal.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from dataclasses import dataclass, field

_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])")


class TerminalTimeout(RuntimeError):
    pass


@dataclass
class Terminal:
    """One program in a pty: `wait_for(text)` returns seconds since start; `press(keys)` types."""

    argv: list[str]
    env: dict[str, str]
    size: tuple[int, int] = (100, 30)
    pid: int = 0
    fd: int = -1
    started: float = 0.0
    raw: bytearray = field(default_factory=bytearray)
    _searched: int = 0

    def start(self) -> "Terminal":
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: becomes the program
            try:
                os.execve(self.argv[0], self.argv, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        columns, rows = self.size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        return self

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the program has exited and the pty is closed
            raise TerminalTimeout(f"{self.argv[1:]} exited; output: {self.text()[-500:]!r}") from None
        if not chunk:
            raise TerminalTimeout(f"{self.argv[1:]} exited; output: {self.text()[-500:]!r}")
        self.raw += chunk
        return True

    def text(self) -> str:
        return _ESCAPES.sub(b"", bytes(self.raw)).decode("utf-8", "replace")

    def wait_for(self, marker: str, timeout: float = 60.0) -> float:
        """Seconds from start until `marker` has appeared (searching only output not yet matched)."""
        deadline = time.perf_counter() + timeout
        while True:
            text = _ESCAPES.sub(b"", bytes(self.raw[self._searched:])).decode("utf-8", "replace")
            if marker in text:
                self._searched = len(self.raw)
                return time.perf_counter() - self.started
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TerminalTimeout(f"{marker!r} not on the screen after {timeout:.0f} s; "
                                      f"output: {self.text()[-800:]!r}")
            self._read(min(left, 0.5))

    def press(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def peak_rss_kb(self) -> int:
        """The program's peak resident set (VmHWM), in KiB."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmHWM in /proc status")

    def stop(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> "Terminal":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
