"""Errors every shell maps the same way: NotFound -> 404, Forbidden -> 403, Invalid -> 422."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class; `message` is safe to show to the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    def __init__(self, what: str = "That record") -> None:
        super().__init__(f"{what} was not found.")


class Forbidden(ServiceError):
    pass


class Invalid(ServiceError):
    """Bad input; `errors` maps a field name to what is wrong with it."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


class SignInFailed(ServiceError):
    pass


class Conflict(ServiceError):
    pass
