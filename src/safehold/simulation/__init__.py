"""Simulation of demand against staffing: scenarios, the discrete-event model, the advisor.

``model.py`` is the only module that imports SimPy; ``params``, ``scenario``, ``fit``,
``stats``, ``erlang``, ``mmc``, ``runner`` and ``advisor`` are pure (no Django). The
Django side (``models``, ``services``, ``jobs``, ``views``, the ``simulate`` command)
stores runs and fans replications out to the background workers.
"""
