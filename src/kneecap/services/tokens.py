"""Random secrets handed to people (session cookies, API tokens, invitation links).

Only a SHA-256 of each is stored: the values are 256-bit random, so a plain hash is enough
(no salt or slow hash needed) and a copy of the database cannot be used to sign in.
"""

from __future__ import annotations

import hashlib
import secrets

API_TOKEN_PREFIX = "kn_"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
