"""Progress of background jobs."""
