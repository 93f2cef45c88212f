from django.apps import AppConfig


class SimulationConfig(AppConfig):
    name = "safehold.simulation"
    label = "simulation"
    verbose_name = "Simulation of demand against staffing"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the job kinds)
