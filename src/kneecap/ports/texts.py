"""Storage of client-visible clinical text, every version with its author and review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kneecap.domain.clinical.cosignature import AuthoredText
from kneecap.ports.care import CareUnitOfWork
from kneecap.ports.clinical import ClinicalUnitOfWork
from kneecap.ports.gait import GaitUnitOfWork
from kneecap.ports.repositories import UnitOfWork


@dataclass(frozen=True)
class StoredText:
    """One client-visible text and whose it is. Keys name one place DB-wide (they carry the
    id of the record they belong to, e.g. "client.12.goals")."""

    clinic_id: int
    client_id: int
    text: AuthoredText


class TextRepository(Protocol):
    def get(self, key: str, *, for_update: bool = False) -> StoredText | None:
        """The text at `key`; `for_update` holds other writers of that key until this unit of
        work ends, so two concurrent edits become two versions instead of one number twice."""
        ...

    def for_client(self, client_id: int, prefix: str = "") -> Sequence[StoredText]: ...
    def save(self, clinic_id: int, client_id: int, text: AuthoredText) -> None:
        """Insert the versions not stored yet and the review of those that are."""
        ...

    def pending(self, clinic_id: int) -> Sequence[StoredText]:
        """Texts of the clinic with a version waiting for co-signature."""
        ...


class TextUnitOfWork(UnitOfWork, Protocol):
    @property
    def texts(self) -> TextRepository: ...


class TextUnitOfWorkFactory(Protocol):
    def __call__(self) -> TextUnitOfWork: ...


# The areas whose client-visible text is versioned see the text store beside their own
# repository, in the same transaction.
class CareTextUnitOfWork(CareUnitOfWork, TextUnitOfWork, Protocol): ...


class CareTextUnitOfWorkFactory(Protocol):
    def __call__(self) -> CareTextUnitOfWork: ...


class ClinicalTextUnitOfWork(ClinicalUnitOfWork, TextUnitOfWork, Protocol): ...


class ClinicalTextUnitOfWorkFactory(Protocol):
    def __call__(self) -> ClinicalTextUnitOfWork: ...


class GaitTextUnitOfWork(GaitUnitOfWork, TextUnitOfWork, Protocol): ...


class GaitTextUnitOfWorkFactory(Protocol):
    def __call__(self) -> GaitTextUnitOfWork: ...


class ReviewUnitOfWork(CareUnitOfWork, GaitUnitOfWork, TextUnitOfWork, Protocol):
    """The co-signature queue: texts, and the plans and analyses a review acts on."""


class ReviewUnitOfWorkFactory(Protocol):
    def __call__(self) -> ReviewUnitOfWork: ...
