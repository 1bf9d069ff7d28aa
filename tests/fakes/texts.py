"""Fake store of client-visible text versions: one AuthoredText per key, as the SQL rows
grouped by key and ordered by version number."""

from __future__ import annotations

from collections.abc import Sequence

from kneecap.domain.clinical.cosignature import AuthoredText, ReviewState
from kneecap.ports.texts import StoredText
from tests.fakes.tables import Tables


class FakeTexts:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def get(self, key: str, *, for_update: bool = False) -> StoredText | None:
        # The fakes' one-writer lock already keeps writers of a key apart.
        return self._t.texts.get(key)

    def for_client(self, client_id: int, prefix: str = "") -> Sequence[StoredText]:
        found = self._t.texts.rows(
            lambda s: s.client_id == client_id and s.text.key.startswith(prefix)
        )
        return sorted(found, key=lambda s: s.text.key)

    def save(self, clinic_id: int, client_id: int, text: AuthoredText) -> None:
        self._t.texts.put(text.key, StoredText(clinic_id, client_id, text))

    def pending(self, clinic_id: int) -> Sequence[StoredText]:
        found = self._t.texts.rows(
            lambda s: (
                s.clinic_id == clinic_id
                and any(v.state is ReviewState.PENDING for v in s.text.versions)
            )
        )
        return sorted(found, key=lambda s: s.text.key)
