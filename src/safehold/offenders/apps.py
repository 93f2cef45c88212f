from django.apps import AppConfig


class OffendersConfig(AppConfig):
    name = "safehold.offenders"
    label = "offenders"
    verbose_name = "Offender register"

    def ready(self) -> None:
        from safehold.accounts.roles import Capability
        from safehold.navigation import NavItem, register_nav, register_tiles
        from safehold.people import links

        from . import dashboard

        register_nav(
            NavItem("Briefing", "offenders:briefing", Capability.VIEW_BRIEFING, order=10),
            NavItem("Offenders", "offenders:list", Capability.VIEW_OFFENDERS, order=20),
            NavItem("Backlog", "offenders:backlog", Capability.VIEW_BACKLOG, order=30),
            NavItem("My visits today", "offenders:today", Capability.EDIT_OFFENDERS, order=15),
            NavItem(
                "Visits to review",
                "offenders:visit_reviews",
                Capability.VIEW_ALL_OFFENDERS,
                order=35,
            ),
        )
        register_tiles(Capability.VIEW_BACKLOG, dashboard.backlog_tiles, order=10)
        links.register(dashboard.offender_link)
