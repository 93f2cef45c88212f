"""The synthetic force's officer pairs: its offender managers paired by the default rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safehold.synth.force import ProgressFn, SeedContext


def seed_pairs(context: SeedContext, progress: ProgressFn) -> None:
    """Pair the offender managers (``rota.pair_officers``) with the default rota."""
    from safehold.planning.services import ensure_default_pairs

    progress(0.0, "pairing offender managers")
    context.counts["officer_pairs"] = len(ensure_default_pairs())


def register() -> None:
    from safehold.synth.force import register_seeder

    register_seeder("planning", seed_pairs)
