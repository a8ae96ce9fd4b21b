"""How long-running work (pull, build) reports progress: quiet by default, bars in the CLI.

The parts take a `Progress` and call `task(label, total)`; they never import rich themselves, so tests
stay quiet and the CLI decides how progress looks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[..., None]


class Progress:
    """Progress that shows nothing: the default for library calls and tests."""

    @contextmanager
    def task(self, label: str, total: int | None = None) -> Iterator[Advance]:
        """A unit of work; call the yielded function with how many steps were done (default 1)."""
        yield lambda steps=1: None


class RichProgress(Progress):
    """Progress bars on the terminal (stderr), for the CLI."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bars

        self._bars = Bars(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )

    @contextmanager
    def task(self, label: str, total: int | None = None) -> Iterator[Advance]:
        with self._bars:
            task_id = self._bars.add_task(label, total=total)
            yield lambda steps=1: self._bars.advance(task_id, steps)
            self._bars.update(task_id, completed=total or 1, total=total or 1)
