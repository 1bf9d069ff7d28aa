"""Password rules for new passwords (hashing itself is an adapter: Argon2)."""

from __future__ import annotations

# NIST SP 800-63B favours length over composition rules; the clinic asked for at least 12.
MIN_LENGTH = 12
MAX_LENGTH = 256


class PasswordRejected(ValueError):
    """A new password does not meet the rules; the message says which."""


def check_new_password(password: str, email: str = "") -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(
            f"Use at least {MIN_LENGTH} characters (this one has {len(password)})."
        )
    if len(password) > MAX_LENGTH:
        raise PasswordRejected(f"Use at most {MAX_LENGTH} characters.")
    if password.strip() == "":
        raise PasswordRejected("A password cannot be only spaces.")
    if email and password.lower() == email.lower():
        raise PasswordRejected("Do not use your email address as your password.")
