"""When the planner's search stops, and how it reports its progress on the way.

A PyVRP stopping criterion is any callable taking the best cost and answering whether to
stop; :class:`SearchBudget` is one (plain Python, no PyVRP), with an iteration and/or time
budget and a progress callback for the plan page's progress bar.
"""

from __future__ import annotations

import math
import time as clock
from collections.abc import Callable

from safehold.planning.params import MAX_RUNTIME_S

__all__ = ["ProgressCallback", "SearchBudget"]

ProgressCallback = Callable[[float, str], None]
"""Called with a fraction in [0, 1] and a sentence."""


class SearchBudget:
    """PyVRP stopping criterion: an iteration and/or time budget that reports progress."""

    def __init__(
        self,
        max_runtime_s: float | None,
        max_iterations: int | None,
        report: ProgressCallback | None = None,
        *,
        progress_from: float = 0.0,
    ) -> None:
        # An iteration budget alone still stops at the wall-clock ceiling.
        self.max_runtime_s = MAX_RUNTIME_S if max_runtime_s is None else max_runtime_s
        self.max_iterations = max_iterations
        self.report = report
        self.progress_from = progress_from
        self.iterations = 0
        self.started: float | None = None
        self.last_report = -math.inf

    def __call__(self, best_cost: int) -> bool:
        now = clock.perf_counter()
        if self.started is None:
            self.started = now
        done = self.iterations
        fraction = 0.0
        stop = False
        if self.max_iterations is not None:
            fraction = done / self.max_iterations if self.max_iterations else 1.0
            stop = done >= self.max_iterations
        if self.max_runtime_s is not None:
            elapsed = now - self.started
            fraction = max(fraction, elapsed / self.max_runtime_s)
            stop = stop or elapsed >= self.max_runtime_s
        if not stop:
            self.iterations += 1
        if self.report is not None and (stop or now - self.last_report >= 0.5):
            self.last_report = now
            span = 1.0 - self.progress_from
            self.report(
                self.progress_from + span * min(1.0, fraction),
                f"searching: {done:,} iterations",
            )
        return stop
