"""Logged tracebacks keep their frames and exception types but never an exception's message:
a message can carry a runner's file name or a value typed into a form."""

from __future__ import annotations

import io
import logging

from kneecap.bootstrap.logs import NoClientDataFormatter, uvicorn_config, without_messages

SECRET = "Jane Doe's knee.fit"


def _read(name: str) -> None:
    raise ValueError(f"cannot read {name}")


def _import(name: str) -> None:
    try:
        _read(name)
    except ValueError as exc:
        raise RuntimeError(f"import of {name} failed") from exc


def _logged(logger_name: str) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(NoClientDataFormatter("%(levelname)s %(name)s: %(message)s"))
    log = logging.getLogger(logger_name)
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            _import(SECRET)
        except RuntimeError as exc:
            log.exception("job %s failed: %s", 7, type(exc).__name__)
    finally:
        log.removeHandler(handler)
    return stream.getvalue()


def test_a_logged_traceback_keeps_frames_and_types_but_no_message() -> None:
    text = _logged("kneecap.test.logs")
    assert "ERROR kneecap.test.logs: job 7 failed: RuntimeError" in text
    assert SECRET not in text and "Jane" not in text
    # The chain, its frames and both exception types are all there to debug from.
    assert "builtins.ValueError (message withheld from the log)" in text
    assert "builtins.RuntimeError (message withheld from the log)" in text
    assert "direct cause of the following" in text
    assert "in _read" in text and "in _import" in text
    assert text.index("builtins.ValueError") < text.index("builtins.RuntimeError")  # oldest first


def test_an_exception_raised_while_handling_another_shows_both_without_messages() -> None:
    try:
        try:
            raise KeyError(SECRET)
        except KeyError:
            raise OSError(SECRET)  # noqa: B904 (the implicit context is the case under test)
    except OSError as exc:
        text = without_messages(exc)
    assert SECRET not in text
    assert "builtins.KeyError" in text and "builtins.OSError" in text
    assert "During handling of the above exception" in text


def test_the_uvicorn_config_uses_the_formatter_for_its_loggers_and_the_root() -> None:
    config = uvicorn_config("INFO")
    formatter = config["formatters"]["plain"]["()"]
    assert formatter == "kneecap.bootstrap.logs.NoClientDataFormatter"
    assert config["loggers"]["uvicorn.error"]["handlers"] == ["stderr"]
    assert config["root"]["handlers"] == ["stderr"]
    logging.config.dictConfig(config)  # a config logging accepts as it is
    root = logging.getLogger()
    assert any(isinstance(h.formatter, NoClientDataFormatter) for h in root.handlers)
