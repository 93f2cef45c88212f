"""The offender register: registered sex offenders, their visits, risk and notifications.

The visit policy (``safehold.offenders.policy``) is plain rules with no Django in it; the
models, services, queries and pages of this package adapt it to the database.
"""
