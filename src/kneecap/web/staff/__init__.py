"""Clinic staff (admins)."""
