"""The one mapping from the domain's refusals to the errors every shell answers the same way:
bad input -> Invalid (422), locked or unsigned -> Conflict (409), out of scope -> Forbidden (403).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kneecap.domain.care.errors import (
    CareError,
    LockedError,
    ModalityParameterError,
    PrescriptionError,
    ScopeError,
)
from kneecap.domain.clinical.cosignature import CoSignatureError
from kneecap.domain.clinical.errors import (
    ClinicalValidationError,
    NoteLocked,
    NoteNotSigned,
    NotTheAuthor,
    OutOfScope,
)
from kneecap.services.errors import Conflict, Forbidden, Invalid


@contextmanager
def refusals(deny: Callable[[Exception], None] | None = None) -> Iterator[None]:
    """Run domain code; its refusals leave as service errors. `deny` sees a scope refusal
    before it becomes Forbidden (to audit it as a denial)."""
    try:
        yield
    except ClinicalValidationError as exc:
        errors: dict[str, str] = {}
        for p in exc.problems:
            errors.setdefault(p.field, p.problem)
        raise Invalid("Please correct the highlighted fields: " + str(exc), errors) from exc
    except (ModalityParameterError, PrescriptionError) as exc:
        raise Invalid(str(exc), {exc.field: str(exc)}) from exc
    except (LockedError, NoteLocked, NoteNotSigned) as exc:
        raise Conflict(str(exc)) from exc
    except (ScopeError, NotTheAuthor, OutOfScope) as exc:
        if deny is not None:
            deny(exc)
        raise Forbidden(str(exc)) from exc
    except CareError as exc:
        raise Invalid(str(exc)) from exc
    except CoSignatureError as exc:  # e.g. a version already reviewed
        raise Conflict(str(exc)) from exc
