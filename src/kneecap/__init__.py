"""Kneecap: runner's-knee (patellofemoral pain) software for a small clinic and its runners."""

__version__ = "0.1.0"
