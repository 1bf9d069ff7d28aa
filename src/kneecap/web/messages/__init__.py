"""Secure messages: the thread pages, the clinic's threads and the JSON API."""
