"""Secure messages between a client and their care team."""
