from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safehold.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from safehold.accounts.roles import Capability
        from safehold.audit.search import register_identities
        from safehold.navigation import NavItem, register_nav

        from .queries import merged_identity

        register_nav(NavItem("People", "people:list", Capability.VIEW_PEOPLE, order=80))
        register_identities(merged_identity)
