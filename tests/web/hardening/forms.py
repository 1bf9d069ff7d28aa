"""The forms a page shows, read from its HTML: where each posts and the fields it sends."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageForm:
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> the value it would send


class _Forms(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = PageForm(a.get("action") or self.page_url)
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                self._form.fields.setdefault(name, "")
            elif kind != "file":
                self._form.fields[name] = a.get("value", "")
        elif tag == "select":
            self._select = name
            self._form.fields.setdefault(name, "")
        elif tag == "textarea":
            self._textarea = name
            self._form.fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


class _Options(HTMLParser):
    """The first option of each select (what a browser sends when nobody chooses)."""

    def __init__(self) -> None:
        super().__init__()
        self.first: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and self._select not in self.first:
            self.first[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms_of(html: str, page_url: str) -> list[PageForm]:
    parser = _Forms(page_url)
    parser.feed(html)
    options = _Options()
    options.feed(html)
    for form in parser.forms:
        for name, value in options.first.items():
            if name in form.fields and not form.fields[name]:
                form.fields[name] = value
    return parser.forms
