"""Visit planning: routes for officer pairs that clear the backlog, and its forecast."""
