"""Port: render a client hand-out (plan + home programme) to PDF bytes or printable HTML."""

from __future__ import annotations

from typing import Protocol

from kneecap.domain.care.handout import Handout


class HandoutRenderer(Protocol):
    def to_pdf(self, handout: Handout) -> bytes: ...

    def to_html(self, handout: Handout) -> str: ...
