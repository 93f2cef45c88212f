"""``safehold simulate``: run scenarios, the plain M/M/c check, or the staffing advisor."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser

from safehold.commands import SafeholdCommand, progress_bar
from safehold.errors import InvalidInput
from safehold.simulation.params import InputError


class Command(SafeholdCommand):
    help = (
        "Simulate demand against staffing. `safehold simulate SCENARIO [SCENARIO ...]` runs "
        "each scenario (a TOML file or a packaged name: today, no-resolution-centre, "
        "demand-plus-10, late-shift-plus-2) for --replications with --seed and prints p50/p90 "
        "time to arrival, share within target (95%% CI) by grade and utilisation. --mmc runs "
        "the plain M/M/c queue through the same model beside Erlang C. --advise searches "
        "the fewest units per shift meeting --target-share of --target-grade within target "
        "with 95%% confidence. Runs here with a progress bar; --enqueue queues it for workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("scenarios", nargs="*", help="Scenario names or TOML files.")
        parser.add_argument("--replications", type=int, default=10, help="Default 10.")
        parser.add_argument("--seed", type=int, default=0, help="Run seed (default 0).")
        parser.add_argument("--weeks", type=float, default=None, help="Weeks simulated.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument("--enqueue", action="store_true", help="Queue for the workers.")
        mmc = parser.add_argument_group("M/M/c check")
        mmc.add_argument("--mmc", action="store_true", help="Run plain M/M/c.")
        mmc.add_argument("--arrivals-per-hour", type=float, default=None)
        mmc.add_argument("--service-minutes", type=float, default=None)
        mmc.add_argument("--servers", type=int, default=None)
        mmc.add_argument("--hours", type=float, default=10000.0, help="Default 10,000.")
        advise = parser.add_argument_group("staffing advisor")
        advise.add_argument("--advise", action="store_true", help="Search the fewest units.")
        advise.add_argument("--target-grade", type=int, default=1, help="Default grade 1.")
        advise.add_argument("--target-share", type=float, default=0.9, help="Default 0.9.")
        advise.add_argument("--max-units", type=int, default=80, help="Per shift; default 80.")
        parser.add_argument(
            "--calibrate",
            action="store_true",
            help="Simulate the last year from the force's own fitted incidents and set the "
            "simulated compliance by grade beside the recorded one.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["mmc"]:
            self._mmc(options)
        elif options["calibrate"]:
            self._calibrate(options)
        elif options["advise"]:
            self._advise(options)
        else:
            self._compare(options)

    def _mmc(self, o: dict[str, Any]) -> None:
        from safehold.simulation.mmc import run_mmc

        for flag in ("arrivals_per_hour", "service_minutes", "servers"):
            if o[flag] is None:
                raise InvalidInput("--mmc needs this option", field="--" + flag.replace("_", "-"))
        with progress_bar("M/M/c") as progress:
            try:
                out = run_mmc(
                    arrivals_per_hour=o["arrivals_per_hour"],
                    service_minutes=o["service_minutes"],
                    servers=o["servers"],
                    hours=o["hours"],
                    replications=o["replications"],
                    seed=o["seed"],
                    progress=progress,
                )
            except InputError as exc:
                raise InvalidInput(exc.message, field=exc.field) from exc
        if o["json"]:
            self.stdout.write(json.dumps(out, indent=2))
            return
        lo, hi = out["mean_wait_ci95"]
        self.stdout.write(
            f"M/M/{o['servers']}: {o['arrivals_per_hour']} arrivals/h, "
            f"service {o['service_minutes']} min, "
            f"{out['replications']} replications of {o['hours']:.0f} h\n"
            f"  mean wait   {out['mean_wait_minutes']:.3f} min (95% CI {lo:.3f}-{hi:.3f}); "
            f"Erlang C {out['erlang_c_mean_wait_minutes']:.3f}\n"
            f"  P(wait)     {out['p_wait']:.4f}; Erlang C {out['erlang_c_p_wait']:.4f}\n"
            f"  utilisation {out['utilisation']:.4f}; analytic {out['erlang_c_utilisation']:.4f}"
        )

    def _compare(self, o: dict[str, Any]) -> None:
        from safehold.simulation import services

        if not o["scenarios"]:
            raise InvalidInput("name at least one scenario (e.g. today)", field="SCENARIO")
        request = services.SimulationRequest(
            scenarios=tuple(o["scenarios"]),
            replications=o["replications"],
            seed=o["seed"],
            weeks=o["weeks"],
        )
        if o["enqueue"]:
            run = services.request_simulation(None, request, allow_files=True)
            self.stdout.write(f"Queued simulation {run.pk}; run `safehold worker` to make it.")
            return
        with progress_bar("Simulating") as progress:
            from safehold.jobs import tasks

            tasks.PROGRESS_HOOK = progress
            try:
                run = services.request_simulation(None, request, run_here=True, allow_files=True)
            finally:
                tasks.PROGRESS_HOOK = None
        result = run.result or {}
        if o["json"]:
            scenarios = result.get("scenarios", [])
            out = {"run_id": run.pk, **(scenarios[0] if len(scenarios) == 1 else {})}
            if len(scenarios) != 1:
                out.update(result)
            self.stdout.write(json.dumps(out, indent=2))
            return
        self.stdout.write(_table(result))

    def _calibrate(self, o: dict[str, Any]) -> None:
        from safehold.simulation import services

        with progress_bar("Calibrating") as progress:
            from safehold.jobs import tasks

            tasks.PROGRESS_HOOK = progress
            try:
                run = services.request_calibration(
                    None, replications=o["replications"], seed=o["seed"], run_here=True
                )
            finally:
                tasks.PROGRESS_HOOK = None
        rows = services.calibration_rows(run) or []
        inputs = (run.result or {}).get("scenarios", [{}])[0].get("inputs", "")
        if o["json"]:
            out = {"run_id": run.pk, "inputs": inputs, "replications": run.replications}
            self.stdout.write(json.dumps({**out, "by_grade": rows}, indent=2))
            return
        lines = [f"Calibration ({run.replications} replications): {inputs}"]
        for r in rows:
            ci = r["simulated_ci95"] or [0.0, 0.0]
            lines.append(
                f"  grade {r['grade']}: within target recorded "
                f"{r['recorded_share_within_target']:.1%}, "
                f"simulated {r['simulated_share_within_target']:.1%} "
                f"(95% CI {ci[0]:.1%}-{ci[1]:.1%}); p50 {r['recorded_p50_minutes']} vs "
                f"{r['simulated_p50_minutes']} min, p90 {r['recorded_p90_minutes']} vs "
                f"{r['simulated_p90_minutes']} min"
            )
        self.stdout.write("\n".join(lines))

    def _advise(self, o: dict[str, Any]) -> None:
        from safehold.simulation import advice_service

        scenario = o["scenarios"][0] if o["scenarios"] else "today"
        request = advice_service.AdviceRequest(
            scenario=scenario,
            grade=o["target_grade"],
            share=o["target_share"],
            replications=o["replications"],
            seed=o["seed"],
            weeks=o["weeks"] if o["weeks"] is not None else advice_service.DEFAULT_WEEKS,
            max_units=o["max_units"],
        )
        with progress_bar("Searching") as progress:
            from safehold.jobs import tasks

            tasks.PROGRESS_HOOK = progress
            try:
                run = advice_service.request_advice(None, request, run_here=True, allow_files=True)
            finally:
                tasks.PROGRESS_HOOK = None
        result = run.result or {}
        if o["json"]:
            self.stdout.write(json.dumps({"run_id": run.pk, **result}, indent=2))
            return
        self.stdout.write(advice_service.describe(result))


def _table(result: dict[str, Any]) -> str:
    lines = [f"{result.get('replications')} replications, seed {result.get('seed')}"]
    for s in result.get("scenarios", []):
        lines.append(f"\n{s['title']} ({s['inputs']}); response utilisation {s['utilisation']:.1%}")
        for grade, g in s["by_grade"].items():
            if g["p50_minutes"] is None:
                continue
            share = g["share_within_target"]
            ci = g["share_within_target_ci95"]
            within = (
                f"{share:.1%} within target (95% CI {ci[0]:.1%}-{ci[1]:.1%})"
                if share is not None
                else ""
            )
            lines.append(
                f"  grade {grade}: p50 {g['p50_minutes']:.1f} min, "
                f"p90 {g['p90_minutes']:.1f} min; {within}"
            )
    return "\n".join(lines)
