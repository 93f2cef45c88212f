"""The only place Safehold's analytics touch DuckDB (an import-linter contract says so).

* :mod:`.crimes` — the outcome measures and the decomposition's counts, computed in
  DuckDB over an Arrow table of recorded crimes (made by ``insights.queries``).
* :mod:`.policeuk` — the data.police.uk files in a DuckDB file under the var directory.

Everything returned is plain Python (dataclasses, dicts, lists), never a DuckDB object.
"""
