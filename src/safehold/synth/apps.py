from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "safehold.synth"
    label = "synth"
    verbose_name = "Synthetic force"

    def ready(self) -> None:
        from . import jobs  # noqa: F401 - registers the "seed" job kind
