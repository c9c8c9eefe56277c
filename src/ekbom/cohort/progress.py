"""A progress bar for long cohort runs (on a terminal only; silent in pipes and CI)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ekbom.cohort.run import STEPS


@contextmanager
def progress_bar() -> Iterator[Callable[[str], None]]:
    """Yield a callback taking the name of the step that starts now."""
    if not sys.stderr.isatty():
        yield lambda _name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=len(STEPS))
        done = 0

        def step(name: str) -> None:
            nonlocal done
            if name in STEPS:
                done = STEPS.index(name)
            bar.update(task, description=name, completed=done)

        yield step
