from django.apps import AppConfig


class DemandConfig(AppConfig):
    name = "safehold.demand"
    label = "demand"
    verbose_name = "Demand: triage, routing and the resolution centre"
