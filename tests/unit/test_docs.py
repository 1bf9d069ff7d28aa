"""The README documents every setting and every command (checked, so it cannot drift)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import typer

from kneecap import config
from kneecap.cli.main import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def _commands(typer_app: typer.Typer, prefix: str = "kneecap") -> list[str]:
    found = [
        f"{prefix} {c.name or c.callback.__name__}"
        for c in typer_app.registered_commands
        if c.callback is not None
    ]
    for group in typer_app.registered_groups:
        assert group.typer_instance is not None
        found += _commands(group.typer_instance, f"{prefix} {group.name}")
    return found


def test_every_setting_is_in_the_readme() -> None:
    names = set(re.findall(r'"(KNEECAP_[A-Z_]+)"', inspect.getsource(config)))
    assert names, "no settings found"
    missing = sorted(n for n in names if n not in README)
    assert not missing, f"README does not document {missing}"


def test_every_command_is_in_the_readme() -> None:
    commands = _commands(app)
    assert "kneecap user add" in commands
    missing = [c for c in commands if c not in README]
    assert not missing, f"README does not document {missing}"
