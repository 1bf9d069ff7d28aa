"""The documents pages hand out: the home-programme hand-out and referral letters.

Routes receive them through `deps.DocumentsDep`; this module is the one place in the web shell
that names the renderers, so a route never imports an adapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kneecap.domain.clinical.referral_letter import ReferralLetter
from kneecap.ports.documents import HandoutRenderer


class ReferralRenderer(Protocol):
    def to_pdf(self, letter: ReferralLetter) -> bytes: ...

    def to_html(self, letter: ReferralLetter) -> str: ...


@dataclass(frozen=True)
class Documents:
    handouts: HandoutRenderer
    referrals: ReferralRenderer


class _FpdfReferrals:
    def to_pdf(self, letter: ReferralLetter) -> bytes:
        from kneecap.adapters.documents.referral_pdf import render_referral_pdf

        return render_referral_pdf(letter)

    def to_html(self, letter: ReferralLetter) -> str:
        from kneecap.adapters.documents.referral_pdf import render_referral_html

        return render_referral_html(letter)


def fpdf_documents() -> Documents:
    """The PDF/HTML renderers built on fpdf2 (imported when a document is first made)."""
    from kneecap.adapters.documents.handout_pdf import FpdfHandoutRenderer

    return Documents(FpdfHandoutRenderer(), _FpdfReferrals())
