"""The documents pages hand out: the home-programme hand-out and referral letters.

Routes receive them through `deps.DocumentsDep`, built from the container's renderers, so a
route never names an adapter.
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.ports.documents import HandoutRenderer, ReferralRenderer


@dataclass(frozen=True)
class Documents:
    handouts: HandoutRenderer
    referrals: ReferralRenderer
