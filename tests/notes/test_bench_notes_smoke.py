"""Smoke run of benchmarks/bench_notes.py so it cannot rot: few notes, no timing assert."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_notes_benchmark_runs_quick(tmp_path: Path) -> None:
    output = tmp_path / "notes.json"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_notes.py"),
            "--quick",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "ekbom notes/s (one core): " in run.stdout
    assert "default medspacy.load() notes/s" in run.stdout
    result = json.loads(output.read_text(encoding="utf-8"))
    assert result["notes"] == 40
    assert 250 <= result["mean_words"] <= 350
    assert result["mentions_per_note"] > 0


def test_generated_notes_are_deterministic() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_notes import notes

    assert notes(5) == notes(5)
    assert len(set(notes(30))) == 30
