"""A process that logs sets through `Training` as fast as it can, to be killed with SIGKILL.

    python -m tests.reliability.crash_worker zygote STORE

The zygote imports everything once, then for every line `go SEED` on stdin it
forks a child and prints `pid PID`. The child opens the store, resumes the
active session (or starts one) and loops: log a set, and only after
`log_set` returned (committed, fsynced) print `set ID SESSION`; every few sets
it finishes the session (`finished SESSION` after the commit) and starts the
next (`started SESSION`). Every line is one write(2) on the shared stdout, so a
kill can cut the stream only between lines. Forking from a single-threaded
zygote keeps a trial at a few milliseconds instead of a Python start-up.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path


def say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def child(store_path: Path, seed: int) -> None:
    from flux_tui.training import Training

    rng = random.Random(seed)
    training = Training.open(store_path, seed_if_empty=False)
    if os.environ.get("FLUX_CRASH_MUTANT") == "confirm-before-commit":
        _confirm_before_commit(training)
    active = training._store.sessions.active()
    if active is None:
        session_id = training.start_session(training.plan())
        say(f"started {session_id}")
    else:
        session_id = active[0].id
        say(f"resumed {session_id} {len(active[0].sets)}")
    syncer = _syncer(training, store_path) if os.environ.get("FLUX_CRASH_SYNC") == "1" else None
    while True:
        roll = rng.random()
        if syncer is not None and roll < 0.3:
            say("syncing")
            report = syncer.sync()
            say(f"synced {sum(report.pushed.values())} {report.pending}")
            continue
        if roll < 0.08:
            training.finish_session(session_id)
            say(f"finished {session_id}")
            session_id = training.start_session(training.plan())
            say(f"started {session_id}")
        elif roll < 0.12:
            logged, _ = training.log_set(session_id, "assault_bike", seconds=30.0,
                                         metadata={"rounds_completed": 1, "avg_watts": rng.randint(150, 400)})
            say(f"set {logged.id} {session_id}")
        else:
            logged, _ = training.log_set(session_id, rng.choice(("back_squat", "bench_press", "deadlift")),
                                         weight=float(rng.randint(40, 200)), reps=rng.randint(1, 12),
                                         rpe=rng.choice((None, 7.0, 8.5, 10.0)))
            say(f"set {logged.id} {session_id}")


def _syncer(training, store_path: Path):
    """Sync with the stack the test points SUPABASE_URL at, as the session file in the store's folder says."""
    from flux_tui.remote.client import Remote
    from flux_tui.remote.config import RemoteConfig
    from flux_tui.remote.session import load_session
    from flux_tui.remote.sync import Syncer

    session_file = store_path.parent / "session.json"
    remote = Remote(RemoteConfig(os.environ["SUPABASE_URL"], os.environ["SUPABASE_ANON_KEY"]),
                    load_session(session_file), session_file=session_file, timeout=5)
    return Syncer(training.outbox, remote, rebuild=training.refold)


def _confirm_before_commit(training) -> None:
    """A deliberately broken writer (to prove the suite can fail): it batches sets in one open
    transaction and reports each as saved before the batch is committed."""
    from contextlib import contextmanager

    database = training._store.db
    conn = database.conn
    conn.execute("BEGIN IMMEDIATE")
    count = [0]

    @contextmanager
    def batched():
        yield conn
        count[0] += 1
        if count[0] % 50 == 0:
            conn.execute("COMMIT")
            conn.execute("BEGIN IMMEDIATE")

    database.transaction = batched


def zygote(store_path: Path) -> None:
    import flux_tui.training  # noqa: F401 — everything a child needs, imported once
    import flux_tui.engine  # noqa: F401

    if os.environ.get("FLUX_CRASH_SYNC") == "1":
        import flux_tui.remote.client  # noqa: F401
        import flux_tui.remote.sync  # noqa: F401

    import signal

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped at once: a killed pid disappears
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "ping":
            say(f"pong {arg}")  # written after every line of a child that is already dead
            continue
        if command != "go":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                child(store_path, int(arg))
            except BaseException as exc:  # noqa: BLE001 — report, never fall back into the zygote's loop
                say(f"error {type(exc).__name__}: {exc}")
                import traceback

                for text in traceback.format_exc().splitlines():
                    say(f"trace {text}")
            finally:
                os._exit(3)
        say(f"pid {pid}")


if __name__ == "__main__":
    zygote(Path(sys.argv[2]))
