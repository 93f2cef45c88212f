"""The shell around the contexts: the home page, the navigation drawn for a role, and
`/api/me`. It sits above `accounts` and the contexts, so `accounts` stays at the bottom."""
