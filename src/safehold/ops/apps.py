from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "safehold.ops"
    label = "ops"
    verbose_name = "Operations"
