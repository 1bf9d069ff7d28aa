"""`python -m kneecap.cli` runs the `kneecap` command."""

from kneecap.cli.main import app

app()
