"""Gait retraining pages and API."""
