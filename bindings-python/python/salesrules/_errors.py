"""Exceptions raised by salesrules, one class per stable error code of the core.

The one table from code to class is ``_CLASS_BY_CODE`` below; the native module looks every
error up here, so the Python and Rust halves cannot disagree.
"""

from __future__ import annotations

__all__ = [
    "SalesrulesError",
    "InvalidRequest",
    "InvalidPolicy",
    "UnknownOperation",
    "LimitExceeded",
    "CalendarDataMissing",
    "InvalidTransition",
    "ArithmeticOverflow",
    "InternalError",
    "error_class",
]


class SalesrulesError(ValueError):
    """Base class of every salesrules error.

    Attributes:
        code: the stable snake_case code, e.g. ``"invalid_request"`` (same in every binding).
        path: JSON path of the offending field, e.g. ``"touches[3].at"``; ``""`` for the
            whole input.
        message: what is wrong and how to fix it.
    """

    code: str
    path: str
    message: str

    def __init__(self, message: str, code: str = "", path: str = "") -> None:
        super().__init__(message, code, path)
        self.message = message
        self.code = code
        self.path = path

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.code}: {where}{self.message}" if self.code else f"{where}{self.message}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(message={self.message!r}, code={self.code!r}, "
            f"path={self.path!r})"
        )


class InvalidRequest(SalesrulesError):
    """The request is malformed or violates a rule of the contract (``invalid_request``)."""


class InvalidPolicy(SalesrulesError):
    """The policy document is malformed or fails validation (``invalid_policy``)."""


class UnknownOperation(SalesrulesError):
    """The operation name is not one the engine serves (``unknown_operation``)."""


class LimitExceeded(SalesrulesError):
    """A request exceeds a limit set by the policy (``limit_exceeded``)."""


class CalendarDataMissing(SalesrulesError):
    """A business calendar has no data for the period needed (``calendar_data_missing``)."""


class InvalidTransition(SalesrulesError):
    """An operation's state machine refused a transition (``invalid_transition``)."""


class ArithmeticOverflow(SalesrulesError):
    """A computation exceeded the engine's exact arithmetic range (``arithmetic_overflow``)."""


class InternalError(SalesrulesError):
    """A bug in salesrules caught before it could crash the caller (``internal_error``);
    please report it with the request that caused it."""


_CLASS_BY_CODE: dict[str, type[SalesrulesError]] = {
    "invalid_request": InvalidRequest,
    "invalid_policy": InvalidPolicy,
    "unknown_operation": UnknownOperation,
    "limit_exceeded": LimitExceeded,
    "calendar_data_missing": CalendarDataMissing,
    "invalid_transition": InvalidTransition,
    "arithmetic_overflow": ArithmeticOverflow,
    "internal_error": InternalError,
}


def error_class(code: str) -> type[SalesrulesError]:
    """The exception class for a stable error code; the base class for a code this version
    does not know yet (a newer core), so the error is never lost."""
    return _CLASS_BY_CODE.get(code, SalesrulesError)
