from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safehold.safeguarding"
    label = "safeguarding"
    verbose_name = "Domestic-abuse safeguarding"

    def ready(self) -> None:
        from safehold.accounts.roles import Capability
        from safehold.navigation import NavItem, register_nav, register_tiles
        from safehold.people import links, merge_hooks

        from . import dashboard, match_merges

        register_nav(
            NavItem("Safeguarding queue", "safeguarding:queue", Capability.VIEW_SAFEGUARDING, 40),
            NavItem("Incidents", "safeguarding:incidents", Capability.VIEW_SAFEGUARDING, 41),
            NavItem("MARAC", "safeguarding:marac", Capability.VIEW_SAFEGUARDING, 42),
            NavItem("Log DA incident", "safeguarding:log_incident", Capability.LOG_INCIDENTS, 43),
            NavItem("DA worklists", "safeguarding:worklists", Capability.VIEW_SAFEGUARDING, 44),
        )
        register_tiles(Capability.VIEW_SAFEGUARDING, dashboard.safeguarding_tiles, order=20)
        links.register(dashboard.incident_link)
        links.register(dashboard.orders_link)
        merge_hooks.register(match_merges.HOOK)
