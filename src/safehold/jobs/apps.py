from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "safehold.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
