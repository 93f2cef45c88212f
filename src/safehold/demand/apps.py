from django.apps import AppConfig


class DemandConfig(AppConfig):
    name = "safehold.demand"
    label = "demand"
    verbose_name = "Demand: triage, routing and the resolution centre"

    def ready(self) -> None:
        from safehold.accounts.roles import Capability
        from safehold.navigation import NavItem, register_nav

        register_nav(
            NavItem("Calls", "demand:calls", Capability.TRIAGE_CALLS, 50),
            NavItem("Dispatch queue", "demand:dispatch", Capability.DISPATCH_UNITS, 51),
            NavItem("Resolution centre", "demand:rc_queue", Capability.WORK_RESOLUTION_CASES, 52),
            NavItem("Appointments", "demand:appointments", Capability.VIEW_APPOINTMENTS, 53),
            NavItem("Response times", "demand:compliance", Capability.VIEW_RESPONSE_TIMES, 54),
        )
