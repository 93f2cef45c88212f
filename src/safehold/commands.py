"""A base for Safehold's management commands: errors become exit codes, progress a bar.

Every Safehold command derives from :class:`SafeholdCommand`, so its access-log entries are
recorded under the channel "cli" however it is run: from the ``safehold`` entry point, or
through Django's ``call_command`` (tests, other code).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safehold.channel import using_channel
from safehold.errors import SafeholdError


class SafeholdCommand(BaseCommand):
    """Maps :class:`SafeholdError` to its exit code with the message on stderr, and logs
    the command's work under the channel "cli"."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            with using_channel("cli"):  # its writes and looks are made on the command line
                return super().execute(*args, **options)
        except SafeholdError as exc:
            where = f" ({exc.field})" if exc.field else ""
            raise CommandError(
                f"[{exc.code}]{where} {exc.message}", returncode=exc.exit_code
            ) from exc


@contextmanager
def progress_bar(
    description: str, *, enabled: bool | None = None
) -> Iterator[Callable[[float, str], None]]:
    """A Rich progress bar on a terminal (stderr); silent otherwise."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        yield lambda fraction, message: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[message]}"),
        transient=False,
        console=None,
    ) as bar:
        task = bar.add_task(description, total=1.0, message="")

        def update(fraction: float, message: str) -> None:
            bar.update(task, completed=fraction, message=message)

        yield update
