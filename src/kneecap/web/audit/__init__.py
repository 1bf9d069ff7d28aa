"""The audit log (admins)."""
