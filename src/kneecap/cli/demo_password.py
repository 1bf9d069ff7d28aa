"""The demo accounts' one password: KNEECAP_DEMO_PASSWORD, or generated once and kept."""

from __future__ import annotations

import secrets
from pathlib import Path

from kneecap.config import Settings


def demo_password(s: Settings) -> str:
    if s.demo_password:
        return s.demo_password
    # Generated once and kept (owner-only) so the printed sign-ins stay true on a restart.
    path: Path = s.data_dir / "demo_password"
    if path.exists():
        return path.read_text().strip()
    s.data_dir.mkdir(parents=True, exist_ok=True)
    password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
    path.write_text(password)
    path.chmod(0o600)
    return password
