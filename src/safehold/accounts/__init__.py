"""Users, roles, teams, stations, sign-in, second factor and API tokens."""
