from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "safehold.insights"
    label = "insights"
    verbose_name = "Outcomes and inspection"

    def ready(self) -> None:
        from safehold.accounts.roles import Capability
        from safehold.navigation import NavItem, register_nav

        register_nav(
            NavItem("DA outcomes", "insights:outcomes", Capability.VIEW_AGGREGATES, order=60),
            NavItem("Open data", "insights:open_data", Capability.VIEW_AGGREGATES, order=62),
            NavItem("Inspection", "insights:inspection", Capability.VIEW_AGGREGATES, order=61),
            NavItem("Case sample", "insights:case_sample", Capability.SAMPLE_CASES, order=63),
        )
