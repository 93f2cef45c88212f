from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safehold.audit"
    label = "audit"
    verbose_name = "Access log"

    def ready(self) -> None:
        from safehold.accounts.roles import Capability
        from safehold.navigation import NavItem, register_nav

        register_nav(NavItem("Access log", "audit:search", Capability.VIEW_ACCESS_LOG, order=90))
