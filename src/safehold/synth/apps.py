from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "safehold.synth"
    label = "synth"
    verbose_name = "Synthetic force"

    def ready(self) -> None:
        from . import crimes, crosslinks, demand, jobs, offenders, planning, safeguarding

        del jobs  # imported to register the "seed" job kind

        # Synthetic data sits above the contexts: it imports them, never the reverse.
        # The seeders run in this order (offenders before safeguarding before planning).
        offenders.register()
        safeguarding.register()
        planning.register()
        crimes.register()  # after safeguarding: the DA incidents' crimes
        demand.register()
        crosslinks.register()  # last, with its own random stream: the rest is unchanged
