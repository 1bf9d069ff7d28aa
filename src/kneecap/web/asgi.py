"""Entry point for uvicorn (`kneecap.web.asgi:create`, factory=True): settings from env."""

from __future__ import annotations

from fastapi import FastAPI

from kneecap.bootstrap import build
from kneecap.config import Settings
from kneecap.web.app import create_app


def create() -> FastAPI:
    # Migrations ran in the parent command; workers only connect.
    return create_app(container=build(Settings.from_env(), migrate=False))
