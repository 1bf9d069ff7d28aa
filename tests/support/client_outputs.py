"""Enumerating what the app shows: its GET routes, the templates a request renders and the
values in their context, and any response as plain text (HTML, JSON, PDF, iCalendar)."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import tempfile
import typing
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import UnionType
from typing import Any

import numpy as np
from fastapi import FastAPI
from jinja2 import Environment


def get_routes(app: FastAPI) -> list[str]:
    """Every GET path the app answers (included routers walked), in order."""

    def walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
        for r in routes:
            inner = getattr(r, "original_router", None)
            if inner is not None:  # FastAPI's included router
                yield from walk(inner.routes, prefix + r.include_context.prefix)
            elif hasattr(r, "routes") and hasattr(r, "app") and hasattr(r, "path"):
                yield prefix + r.path + "/{path}", r  # a mount (static files)
            else:
                yield prefix + getattr(r, "path", ""), r

    return [p for p, r in walk(app.routes) if "GET" in (getattr(r, "methods", None) or {"GET"})]


def as_text(content_type: str, body: bytes) -> str:
    """The response as a reader would see its words (whitespace collapsed)."""
    if content_type.startswith("application/pdf"):
        if shutil.which("pdftotext") is None:
            raise AssertionError("pdftotext (poppler-utils) is needed to read PDFs back")
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "out.pdf"
            pdf.write_bytes(body)
            done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
            text = done.stdout.decode("utf-8", "replace")
    elif content_type.startswith("text/calendar"):
        text = body.decode("utf-8").replace("\r\n ", "").replace("\\n", " ")  # RFC 5545 folds
    else:
        text = body.decode("utf-8", "replace")
    return re.sub(r"\s+", " ", text)


class TemplateLog:
    """Records every template a Jinja environment loads while on (pages, includes, bases)."""

    def __init__(self, env: Environment) -> None:
        self.names: set[str] = set()
        self.on = False
        original = env.get_template
        original_select = env.get_or_select_template

        def get_template(name: Any, *args: Any, **kw: Any) -> Any:
            if self.on and isinstance(name, str):
                self.names.add(name)
            return original(name, *args, **kw)

        def get_or_select(name: Any, *args: Any, **kw: Any) -> Any:
            if self.on and isinstance(name, str):
                self.names.add(name)
            return original_select(name, *args, **kw)

        env.get_template = get_template  # type: ignore[method-assign]
        env.get_or_select_template = get_or_select  # type: ignore[method-assign,assignment]


def kneecap_dataclasses(value: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """Every Kneecap dataclass instance inside a template context value (not the web shell's
    own containers, which are walked through)."""
    seen = seen if seen is not None else set()
    if id(value) in seen or isinstance(value, str | bytes | int | float | bool | type(None)):
        return
    seen.add(id(value))
    module = type(value).__module__
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if module.startswith("kneecap.") and not module.startswith("kneecap.web."):
            yield value
        if module.startswith("kneecap."):
            for f in dataclasses.fields(value):
                yield from kneecap_dataclasses(getattr(value, f.name), seen)
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from kneecap_dataclasses(k, seen)
            yield from kneecap_dataclasses(v, seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            yield from kneecap_dataclasses(v, seen)


def carries_text(hint: Any) -> bool:
    """Does a field of this type hold free text: a str (not a fixed vocabulary), or a
    container / mapping / Any that may hold one?"""
    if hint is Any or hint is str:
        return True
    if isinstance(hint, type):
        return False  # int, float, date, bool, a StrEnum (a fixed list), a dataclass
    if typing.get_origin(hint) is np.ndarray:
        return False  # numbers
    args = typing.get_args(hint)
    return any(carries_text(a) for a in args)


def nested_dataclasses(hint: Any) -> Iterator[type]:
    """Dataclass types named inside a type hint (X | None, tuple[X, ...], dict[str, X])."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        yield hint
        return
    for a in typing.get_args(hint):
        yield from nested_dataclasses(a)
    if isinstance(hint, UnionType):
        for a in hint.__args__:
            yield from nested_dataclasses(a)


def text_fields(cls: type) -> dict[str, Any]:
    """A dataclass's fields that may hold free text, with their type hints."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if carries_text(hints[f.name])}


def reachable_types(roots: list[type], follow: Callable[[type], bool]) -> list[type]:
    """The roots and every dataclass type their fields name, recursively (where `follow`)."""
    out: list[type] = []
    todo = list(roots)
    while todo:
        cls = todo.pop()
        if cls in out or not follow(cls):
            continue
        out.append(cls)
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            todo.extend(nested_dataclasses(hints[f.name]))
    return out
