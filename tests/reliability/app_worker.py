"""A stand-in for an open app, in its own process: it opens the store through Training once, reads
the state (as Today does at start), then does what it is told on stdin, one command a line, and
answers each with one JSON line. Used to interleave real processes on one store.

    start            -> {"session": id}
    log EXERCISE N   -> {"sets": [ids]}           N sets of EXERCISE in the active session
    finish           -> {"debts": {...}}          the state after, as Training returns it
    abandon          -> {}
    delete           -> {"deleted": id}            the last set logged
    restore          -> {"restored": id}           that set again
    state            -> {"debts": {...}}
    quit
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path


def main(store: str) -> None:
    from flux_tui.timefmt import utc_now  # the suite's pinned clock too (tests/clock.py)
    from flux_tui.training import Training

    training = Training.open(Path(store))
    _ = training.state  # what an app reads at start: it must never fold from it later
    session_id = None
    logged: list[str] = []
    clock = utc_now()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        command = words[0]
        clock += timedelta(seconds=1)
        try:
            if command == "quit":
                break
            if command == "start":
                session_id = training.start_session(training.plan(now=clock), now=clock)
                reply = {"session": session_id}
            elif command == "log":
                ids = [training.log_set(session_id, words[1], weight=100.0, reps=5, logged_at=clock)[0].id
                       for _ in range(int(words[2]))]
                logged += ids
                reply = {"sets": ids}
            elif command == "finish":
                done = training.finish_session(session_id, now=clock)
                session_id = None
                reply = {"debts": done.after.pattern_debts}
            elif command == "abandon":
                training.abandon_session(session_id, now=clock)
                session_id = None
                reply = {}
            elif command == "delete":
                training.delete_set(logged[-1])
                reply = {"deleted": logged[-1]}
            elif command == "restore":
                training.restore_set(logged[-1])
                reply = {"restored": logged[-1]}
            elif command == "state":
                reply = {"debts": training.state.pattern_debts}
            else:
                reply = {"error": f"unknown command {command}"}
        except Exception as exc:  # noqa: BLE001 — reported to the test, which decides
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(reply), flush=True)
    training.close()


if __name__ == "__main__":
    main(sys.argv[1])
