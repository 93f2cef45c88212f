"""Domestic-abuse safeguarding: risk questionnaires, MARAC, the waiting queue, protective actions.

The modules here hold the rules and import no framework: ``dash`` (questionnaires, scoring
and the shared policy file), ``marac`` (the four referral criteria), ``priority`` (the queue
of victims awaiting contact, re-prioritised as they wait) and ``clocks`` (protective actions
and their deadlines). Their configuration ships inside the package under ``config/``.
"""
