"""Pages of the visit planner, one module per subject: the runs (list, asking for a plan,
a run's summary and progress, accepting and re-planning), the routes (a day and a pair's
day on the map, the pair's calendar, an officer's own pair-days), the CSV export and the
forecast. ``common.py`` holds what they share.

Who sees what: the priorities team (``plan_visits``) sees and does everything; an
offender manager sees the routes and calendar of their own pair in accepted plans
(``may_see_pair``) and nothing else here. Pages that show offenders' references or
addresses ask for a justification and log the look. The time is read at this edge, from
:data:`safehold.clock.SYSTEM_CLOCK`.
"""
