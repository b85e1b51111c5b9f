"""Planning a week: the council's records -> each session's demand -> parts solved by the optimiser
-> a checked, stored draft plan (week.py); a plan's life, from request to publish (lifecycle.py)."""
