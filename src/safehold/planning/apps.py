from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "safehold.planning"
    label = "planning"
    verbose_name = "Visit planning"
