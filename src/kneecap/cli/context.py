"""Building the app's services for one command (settings read once, from KNEECAP_*)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneecap.cli.output import fail

if TYPE_CHECKING:
    from kneecap.bootstrap import Container
    from kneecap.config import Settings
    from kneecap.domain.accounts.entities import User
    from kneecap.services.caller import Caller


def settings() -> Settings:
    from kneecap.config import Settings, SettingsError

    try:
        return Settings.from_env()
    except SettingsError as exc:
        fail(str(exc))


def container(migrate: bool = True, queue_jobs: bool = True) -> Container:
    """`queue_jobs=False` for a command that runs the jobs it submits itself."""
    from kneecap.bootstrap import build

    try:
        # Unpooled: a command's connections close as soon as each step is done.
        return build(settings(), migrate=migrate, queue_jobs=queue_jobs, pooled=False)
    except Exception as exc:  # the database URL is the usual culprit: say so plainly
        if exc.__class__.__name__ in {"OperationalError", "ArgumentError"}:
            fail(
                f"Cannot open the database ({exc.__class__.__name__}). Check KNEECAP_DATABASE_URL "
                "or KNEECAP_DATA_DIR."
            )
        raise


def cli_caller(user: User) -> Caller:
    """The user as a caller of the services from the command line (imported on first use:
    the services pull in the whole policy, which `--help` does not need)."""
    from kneecap.services.accounts import actor_for
    from kneecap.services.caller import Caller

    return Caller(actor_for(user), "cli")
