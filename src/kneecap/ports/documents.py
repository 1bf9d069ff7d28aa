"""Ports: render a client hand-out (plan + home programme) or a referral letter to PDF bytes or
printable HTML."""

from __future__ import annotations

from typing import Protocol

from kneecap.domain.care.handout import Handout
from kneecap.domain.clinical.referral_letter import ReferralLetter


class HandoutRenderer(Protocol):
    def to_pdf(self, handout: Handout) -> bytes: ...

    def to_html(self, handout: Handout) -> str: ...


class ReferralRenderer(Protocol):
    def to_pdf(self, letter: ReferralLetter) -> bytes: ...

    def to_html(self, letter: ReferralLetter) -> str: ...
