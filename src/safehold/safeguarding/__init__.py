"""Domestic-abuse safeguarding: risk questionnaires, MARAC, the waiting queue, protective actions.

The modules ``dash`` (questionnaires, scoring and the shared policy file), ``marac`` (the
four referral criteria), ``priority`` (the queue of victims awaiting contact, re-prioritised
as they wait) and ``clocks`` (protective actions and their deadlines) hold the rules and
import no framework; their configuration ships inside the package under ``config/``.

The rest adapts them to Django: ``models``, the writes (``services``, which also offers
those of ``intake``, ``actions`` and ``closure``), the reads (``queries``), person matching
at intake (``matching``), ``views``, ``api``, the ``dash`` and ``safeguarding`` commands and
the synthetic year of domestic abuse (``seed``). See docs/safeguarding.md.
"""
