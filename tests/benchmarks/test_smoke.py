"""The benchmark suite runs and produces every figure (small sizes, few repeats; targets NOT checked:
they are for `python -m benchmarks.run` on a quiet machine). Uses the session's local Supabase stack."""

from __future__ import annotations

import io

import pytest

from benchmarks import run as suite

pytestmark = pytest.mark.stack


def test_every_benchmark_runs_and_reports(supabase_stack, tmp_path, monkeypatch):
    monkeypatch.setenv("FLUX_BENCH_DIR", str(tmp_path / "cache"))
    supabase_stack.gateway.fault_hook = None
    cfg = suite.Config.make(smoke=True, workdir=tmp_path / "work", stack=supabase_stack)
    cfg.workdir.mkdir()
    out = io.StringIO()
    figures, failed = suite.run(list(suite.BENCHMARKS), cfg, out=out)
    assert failed == [], out.getvalue()
    names = [f.name for f in figures]
    for expected in ("start-up: Today interactive / bare app", "log a set: p99", "state rebuild: the engine's fold",
                     "flux-tui plan / --help", "flux-tui plan --days 28 / --help", "sync push: rows per second",
                     "sync push: requests",
                     "sync with nothing pending: requests", "import Strong CSV, end to end",
                     "peak memory, Today then History"):
        assert expected in names, out.getvalue()
    assert sum(n.startswith("History ") for n in names) == 8, out.getvalue()
    assert all(f.value == f.value and f.value >= 0 for f in figures), out.getvalue()  # no NaN, no negatives
    with_targets = [f for f in figures if f.target not in ("", "baseline")]
    assert all(f.ok is not None for f in with_targets)
    # Each figure is printed beside its target, with its verdict.
    printed = out.getvalue()
    assert all(f.name in printed for f in figures)
    assert all(("PASS" if f.ok else "MISS") in printed for f in with_targets)


def test_the_runner_fails_when_a_target_is_missed(monkeypatch, capsys):
    monkeypatch.setattr(suite, "BENCHMARKS", {"fake": lambda cfg: [suite.Figure("x", 2.0, "×", "≤ 1×", False)]})
    monkeypatch.setattr(suite, "compile_sources", lambda: None)
    assert suite.main(["--only", "fake"]) == 1
    assert "MISS" in capsys.readouterr().out
    assert suite.main(["--only", "fake", "--smoke"]) == 0
