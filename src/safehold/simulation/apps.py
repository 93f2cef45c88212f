from django.apps import AppConfig


class SimulationConfig(AppConfig):
    name = "safehold.simulation"
    label = "simulation"
    verbose_name = "Simulation of demand against staffing"

    def ready(self) -> None:
        from safehold.accounts.roles import Capability
        from safehold.navigation import NavItem, register_nav

        from . import jobs  # noqa: F401  (registers the job kinds)

        register_nav(NavItem("Simulation", "simulation:home", Capability.RUN_SIMULATION, order=70))
