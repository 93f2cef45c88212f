"""The access log: who collected, altered, consulted, disclosed, combined or erased what.

Kept for DPA 2018 s.62 (see docs/access-log.md). Append-only and tamper-evident: each
entry's SHA-256 covers its own fields and the previous entry's hash.
"""
