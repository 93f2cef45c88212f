"""Demand: incidents from 999, 101, online and officers; THRIVE triage, routing, queues and
response-time compliance (DESIGN.md capability 4)."""
