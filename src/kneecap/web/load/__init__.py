"""Training load: imports, load report, pain log, planner, clinic alerts."""
