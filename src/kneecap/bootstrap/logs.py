"""Application logs: ids, kinds and exception types, never client data.

Log calls pass only ids and `type(exc).__name__`, but a logged traceback ends with the
exception's message, and a message can hold whatever raised it saw: a file name a runner
chose, a value typed into a form, a row's text in a database error. The formatter here prints
every frame of a traceback and the type of each exception in the chain, and leaves the
messages out. `configure` installs it for the app's loggers and for uvicorn's.
"""

from __future__ import annotations

import logging
import logging.config
import traceback
from typing import Any

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def without_messages(exc: BaseException) -> str:
    """The traceback of `exc` (and of its causes and contexts) with each exception's type and
    module but not its message or arguments."""
    lines: list[str] = []
    seen: set[int] = set()

    def one(e: BaseException) -> None:
        seen.add(id(e))
        if e.__cause__ is not None and id(e.__cause__) not in seen:
            one(e.__cause__)
            lines.append("\nThe above exception was the direct cause of the following:\n\n")
        elif (
            e.__context__ is not None
            and not e.__suppress_context__
            and id(e.__context__) not in seen
        ):
            one(e.__context__)
            lines.append("\nDuring handling of the above exception, another one occurred:\n\n")
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.StackSummary.extract(traceback.walk_tb(e.__traceback__)).format())
        kind = type(e)
        lines.append(f"{kind.__module__}.{kind.__qualname__} (message withheld from the log)\n")

    one(exc)
    return "".join(lines).rstrip("\n")


class NoClientDataFormatter(logging.Formatter):
    """A plain formatter whose tracebacks carry no exception messages."""

    def formatException(self, ei: Any) -> str:
        exc = ei[1] if ei else None
        return without_messages(exc) if isinstance(exc, BaseException) else ""


def uvicorn_config(level: str) -> dict[str, Any]:
    """A `log_config` for uvicorn: its loggers through the same formatter (uvicorn's own
    prints the ASGI app's tracebacks in full)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"()": f"{__name__}.NoClientDataFormatter", "format": FORMAT}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            name: {"handlers": ["stderr"], "level": level, "propagate": False}
            for name in ("uvicorn", "uvicorn.error")
        },
        "root": {"handlers": ["stderr"], "level": level},
    }


def configure(level: str) -> None:
    """Send the app's logs (and anything else on the root logger) to stderr through the
    formatter; for the commands that run without uvicorn (`kneecap worker`)."""
    logging.config.dictConfig(uvicorn_config(level))
