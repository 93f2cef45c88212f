"""The synthetic force used by the demo, the tests and the benchmarks.

Deterministic for a seed (and a "today"), Staffordshire-sized at scale 1, and made only
of invented people placed at real street points. Nothing here is real personal data.
"""
