"""The first page after sign-in."""
