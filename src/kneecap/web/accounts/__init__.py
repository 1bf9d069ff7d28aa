"""Accounts: sign-in, invitations, the user's own settings and API tokens."""
