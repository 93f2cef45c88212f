from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safehold.audit"
    label = "audit"
    verbose_name = "Access log"

    def ready(self) -> None:
        from safehold.accounts.roles import Capability
        from safehold.navigation import NavItem, register_nav

        from . import account_changes

        register_nav(NavItem("Access log", "audit:search", Capability.VIEW_ACCESS_LOG, order=90))
        account_changes.connect()  # every privileged change to an account is logged
