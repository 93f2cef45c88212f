from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "safehold.planning"
    label = "planning"
    verbose_name = "Visit planning"

    def ready(self) -> None:
        from safehold.accounts.roles import Capability
        from safehold.navigation import NavItem, register_nav, register_tiles

        from . import dashboard, jobs

        del jobs  # imported to register the "plan" job kind
        register_nav(NavItem("Visit plans", "planning:runs", Capability.PLAN_VISITS, order=35))
        register_tiles(Capability.PLAN_VISITS, dashboard.plan_tiles, order=15)
        register_tiles(Capability.VIEW_OFFENDERS, dashboard.my_visits_tiles, order=16)
