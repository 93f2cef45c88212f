from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safehold.safeguarding"
    label = "safeguarding"
    verbose_name = "Domestic-abuse safeguarding"
