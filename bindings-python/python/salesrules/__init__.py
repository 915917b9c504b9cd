"""salesrules: deterministic, explainable sales attribution with exact money.

A thin Python layer over the Rust core: requests and responses are plain dicts that follow the
JSON contract, money is always a decimal string (``Decimal`` is accepted on input, floats are
never exact and the core rejects them where money is expected), and every error is a
:class:`SalesrulesError` subclass carrying the core's stable ``code`` and the ``path`` of the
offending field.

>>> import salesrules
>>> engine = salesrules.Engine()
>>> result = engine.attribute({
...     "deal": {"id": "D-1", "amount": "100.00", "currency": "CNY",
...              "closed_at": "2026-03-31T18:00:00+08:00"},
...     "contacts": [{"id": "P1", "role": "cfo"}],
...     "touches": [{"rep": "alice", "contact": "P1", "kind": "signoff",
...                  "at": "2026-03-01T10:00:00+08:00"}]})
>>> result["credits"][0]["amount"]
'100.00'
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import os
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Union

from . import _native
from ._errors import (
    ArithmeticOverflow,
    CalendarDataMissing,
    InvalidPolicy,
    InvalidRequest,
    InternalError,
    InvalidTransition,
    LimitExceeded,
    SalesrulesError,
    UnknownOperation,
)
from ._html import AttributeResult
from ._types import (
    AttributeRequest,
    AttributeResponse,
    KeyInfluencersRequest,
    KeyInfluencersResponse,
)

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "__version__",
    "OPERATIONS",
    "ERROR_CODES",
    "Engine",
    "default_policy",
    "SalesrulesError",
    "InvalidRequest",
    "InvalidPolicy",
    "UnknownOperation",
    "LimitExceeded",
    "CalendarDataMissing",
    "InvalidTransition",
    "ArithmeticOverflow",
    "InternalError",
    "AttributeResult",
    "TextCheckTables",
]

__version__: str = _native.__version__
"""The library version (the same in every binding)."""

OPERATIONS: tuple[str, ...] = tuple(_native.OPERATIONS)
"""The operations the engine serves, in a stable order (``Engine.call`` takes any of them)."""

ERROR_CODES: tuple[str, ...] = tuple(_native.ERROR_CODES)
"""Every stable error code of the core."""

PolicySource = Union[Mapping[str, Any], str, bytes, "os.PathLike[str]", None]
"""A policy: a dict, JSON or TOML text, a path to a ``.json``/``.toml`` file, or ``None``."""

Request = Union[Mapping[str, Any], str, bytes, None]
"""A request: a dict (dumped to JSON here) or JSON text."""


def default_policy() -> dict[str, Any]:
    """The default policy as a dict, a starting point for your own (weights are strings)."""
    return _loads(_native.default_policy_json())


class TextCheckTables(NamedTuple):
    """The two tables of :meth:`Engine.check_text_table`."""

    summary: pyarrow.Table
    """One row per text: ``text_id``, ``verdict`` and the finding counts."""
    findings: pyarrow.Table
    """One row per finding, in long form."""


class Engine:
    """A compiled policy. Build it once and call it many times, from any thread.

    ``policy`` may be:

    * ``None`` — the default policy;
    * a ``dict`` — a policy document;
    * a ``str``/``bytes`` holding JSON (starts with ``{``) or TOML text (has a newline or ``=``);
    * a ``pathlib.Path`` (any ``os.PathLike``), or a one-line ``str`` without ``{`` or ``=``,
      naming a JSON or TOML file.

    Raises :class:`InvalidPolicy` (with the ``path`` of the offending field) when the policy
    fails validation, and ``OSError`` when a policy file cannot be read.

    Engines pickle by their policy and are re-compiled on load.
    """

    __slots__ = ("_native",)

    def __init__(self, policy: PolicySource = None) -> None:
        self._native = _native.Engine(_policy_text(policy))

    @property
    def fingerprint(self) -> str:
        """The policy fingerprint (``sha256:…``) stamped on every result."""
        return self._native.fingerprint

    def policy_json(self) -> str:
        """The policy in canonical JSON (sorted keys, no whitespace)."""
        return self._native.policy_json()

    def call(self, op: str, request: Request = None) -> dict[str, Any]:
        """Serve any operation of the JSON contract by name (see :data:`OPERATIONS`).

        ``request`` is a dict or JSON text (``None`` means ``{}``). Returns the response as a
        dict; non-integer numbers come back as ``Decimal``, money as ``str``.
        Raises a :class:`SalesrulesError` subclass on bad input.
        """
        if isinstance(request, (bytes, bytearray)):
            request = bytes(request).decode("utf-8")
        # Dicts are written as JSON in Rust and the typed response is built as Python objects
        # there; only operations the native module does not know by type answer with text.
        result = self._native.call_object(op, request)
        if type(result) is str:
            return _loads(result)
        return result  # type: ignore[no-any-return]

    def call_json(self, op: str, request_json: str) -> str:
        """Like :meth:`call`, JSON text in and JSON text out, with no conversion at all."""
        return self._native.call(op, request_json)

    def attribute(self, request: AttributeRequest | Mapping[str, Any] | str) -> AttributeResponse:
        """Attribute one deal: exact credits per rep, locked and unassigned parts, and the
        explanation. The parts always sum exactly to the deal amount.

        The result is a plain ``dict`` that notebooks also display as an HTML table."""
        if isinstance(request, (bytes, bytearray)):
            request = bytes(request).decode("utf-8")
        # The native call directly: this is the hot path of per-deal use.
        # The outermost dict is made as an AttributeResult in Rust (no copy).
        return self._native.call_object("attribute", request, AttributeResult)  # type: ignore[no-any-return]

    def key_influencers(
        self, request: KeyInfluencersRequest | Mapping[str, Any] | str
    ) -> KeyInfluencersResponse:
        """Rank a deal's contacts by influence, with reasons."""
        return self.call("key_influencers", request)  # type: ignore[return-value]

    def handover_status(self, request: Request) -> dict[str, Any]:
        """A customer's owner, how long it has been silent, and whether a rep's next touch
        would be locked by the silent-period rule (the ``handover_status`` operation)."""
        return self.call("handover_status", request)

    def appeal(self, request: Request) -> dict[str, Any]:
        """File an evidence-backed appeal against a silent-period lock (``appeal``)."""
        return self.call("appeal", request)

    def resolve_appeal(self, request: Request) -> dict[str, Any]:
        """Decide an appeal and re-run the attribution (``resolve_appeal``)."""
        return self.call("resolve_appeal", request)

    def lead_escalation(self, request: Request) -> dict[str, Any]:
        """Evaluate a lead's response SLA at ``now``: state, due actions (remind the supervisor,
        reassign) and the next deadline (the ``lead_escalation`` operation); see
        :meth:`lead_escalation_table` for many leads."""
        return self.call("lead_escalation", request)

    def work_order_escalation(self, request: Request) -> dict[str, Any]:
        """Evaluate a dual-sign work order at ``now`` (``work_order_escalation``)."""
        return self.call("work_order_escalation", request)

    def generate_tracking_code(self, request: Request) -> dict[str, Any]:
        """Make a tracking code (``generate_tracking_code``)."""
        return self.call("generate_tracking_code", request)

    def parse_tracking_code(self, request: Request) -> dict[str, Any]:
        """Read a tracking code back into its parts (``parse_tracking_code``)."""
        return self.call("parse_tracking_code", request)

    def lead_health_report(self, request: Request) -> dict[str, Any]:
        """The month's lead-response health per team (``lead_health_report``)."""
        return self.call("lead_health_report", request)

    def check_text(self, request: Request) -> dict[str, Any]:
        """Find vague terms, deadlines and quantified standards in a text, and give the
        verdict (the ``check_text`` operation); see :meth:`check_text_table` for many texts."""
        return self.call("check_text", request)

    def validate_work_order(self, request: Request) -> dict[str, Any]:
        """Check a work order's fields and texts (the ``validate_work_order`` operation)."""
        return self.call("validate_work_order", request)

    def triage_email(self, request: Request) -> dict[str, Any]:
        """Prioritise an email and extract its to-dos (the ``triage_email`` operation)."""
        return self.call("triage_email", request)

    def policy(self, request: Request = None) -> dict[str, Any]:
        """The engine's policy document as a dict (the ``policy`` operation)."""
        return self.call("policy", request)

    def attribute_table(
        self,
        deals: Any,
        contacts: Any,
        touches: Any,
        model: str | None = None,
        handovers: Any = None,
    ) -> pyarrow.Table:
        """Attribute every deal of three tables at once, returning a long table of credits.

        Each argument is any Arrow-compatible table: a ``pyarrow.Table``, a polars or pandas
        ``DataFrame`` or anything with ``__arrow_c_stream__``. Rows are read in Rust; no
        Python code runs per row and the GIL is released while deals are attributed.

        Input columns (extra columns are ignored):

        * ``deals``: ``deal_id``, ``amount`` (string, decimal or integer; never float),
          ``currency``, ``closed_at`` (RFC 3339 string with offset, or tz-aware timestamp),
          optional ``customer_id``.
        * ``contacts``: ``contact_id``, ``role`` and, for contacts per deal, ``deal_id``.
          Without ``deal_id`` the table is one directory of contacts shared by all deals.
        * ``touches``: ``deal_id``, ``rep``, ``contact_id``, ``kind``, ``at``, optional
          ``stage``.
        * ``handovers`` (optional): ``deal_id``, ``from``, ``to``, ``at``, optional
          ``evidence`` — confirmed handovers, which keep the silent-period rule from locking
          the new rep's share of deals with a ``customer_id``.

        Returns a ``pyarrow.Table`` with string columns ``deal_id``, ``rep`` (null for the
        unassigned part), ``kind`` (``credit``, ``locked`` or ``unassigned``), ``amount``,
        ``share_exact`` (a reduced fraction such as ``"8/13"``) and ``currency``; the rows of a
        deal sum exactly to its amount. The schema metadata carries ``policy_fingerprint`` and
        ``model``. ``model`` overrides the policy's default model for every deal.

        The first bad row stops the batch with an :class:`InvalidRequest` whose ``path`` names
        it, e.g. ``touches[17].at``; no row is ever dropped silently.
        """
        return self._native.attribute_table(
            _arrow_table(deals),
            _arrow_table(contacts),
            _arrow_table(touches),
            model,
            None if handovers is None else _arrow_table(handovers),
        )

    def lead_escalation_table(
        self,
        leads: Any,
        events: Any = None,
        *,
        now: str | datetime.datetime,
    ) -> pyarrow.Table:
        """Evaluate every lead of a table at ``now``: one result row per lead.

        The batch form of :meth:`lead_escalation`. ``leads`` and ``events`` are any
        Arrow-compatible tables (``pyarrow.Table``, polars or pandas ``DataFrame``, anything with
        ``__arrow_c_stream__``); rows are read in Rust, no Python code runs per row and the GIL
        is released while leads are evaluated.

        Input columns (extra columns are ignored):

        * ``leads``: ``lead_id``, ``owner``, ``backup``, ``supervisor``, ``assigned_at``
          (RFC 3339 string with offset, or tz-aware timestamp).
        * ``events`` (optional): ``lead_id``, ``kind`` (``first_contact`` or
          ``status_update``), ``at``, ``rep``; a lead's events in time order, in table order.

        ``now`` is an RFC 3339 string with offset or a tz-aware ``datetime``.

        Returns a ``pyarrow.Table`` with one row per lead, in the order of ``leads``:
        ``lead_id``, ``state`` (``not_started``, ``running`` or ``met``), ``breached`` (bool),
        ``owner`` and ``cycle`` (uint32) at ``now``, ``next_deadline`` (string, null when
        nothing is pending) and ``actions``: a list of structs ``id``, ``kind``
        (``remind_supervisor`` or ``reassign``), ``due_at``, ``from``, ``to`` and ``reason``
        (the brief's reason for a reassign, else null), ordered as in the dict API. The
        timeline and the reassign brief's history stay in the dict API. The schema metadata
        carries ``policy_fingerprint`` and ``now``.

        The first bad row stops the batch with an :class:`InvalidRequest` whose ``path`` names
        it, e.g. ``events[17].at``; no row is ever dropped silently.
        """
        return self._native.lead_escalation_table(
            _arrow_table(leads),
            None if events is None else _arrow_table(events),
            _instant_text(now, "now"),
        )

    def check_text_table(
        self, texts: Any, reference_date: str | datetime.date | None = None
    ) -> TextCheckTables:
        """Check every text of a table for vague terms, deadlines and quantities.

        The batch form of :meth:`check_text`. ``texts`` is any Arrow-compatible table with
        columns ``text_id`` (unique), ``text`` and optionally ``reference_date``
        (``YYYY-MM-DD`` strings or a date column; a null falls back to the
        ``reference_date`` argument). Rows are read in Rust, no Python code runs per row and
        the GIL is released.

        Returns :class:`TextCheckTables` ``(summary, findings)``, two ``pyarrow.Table``:

        * ``summary``, one row per text in input order: ``text_id``, ``verdict`` (``ok`` or
          ``needs_clarification``) and the counts ``vague``, ``open`` (vague terms that need
          clarification), ``deadlines``, ``quantities`` (uint32).
        * ``findings``, one row per finding, by text then ``vague``, ``deadline``,
          ``quantity`` each in text order: ``text_id``, ``finding``, ``text`` (as written),
          ``start``/``end`` (code-point offsets into the text, so ``text[start:end]``), and
          the kind's own columns, null for the other kinds — vague: ``category``, ``smell``,
          ``negated``, ``satisfied``, ``needs_clarification``, ``suggestion``; deadline:
          ``date``, ``concrete``; quantity: ``value``, ``unit``, ``comparator``.

        The first bad row stops the batch with an :class:`InvalidRequest` whose ``path`` names
        it, e.g. ``texts[4].reference_date``.
        """
        if isinstance(reference_date, datetime.datetime):
            reference_date = reference_date.date()
        if isinstance(reference_date, datetime.date):
            reference_date = reference_date.isoformat()
        summary, findings = self._native.check_text_table(_arrow_table(texts), reference_date)
        return TextCheckTables(summary, findings)

    def __getattr__(self, name: str) -> Callable[[Request], dict[str, Any]]:
        # Operations added to the core after this file was written are served by name too.
        if name in OPERATIONS:
            return partial(self.call, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __reduce__(self) -> tuple[type[Engine], tuple[str]]:
        return (Engine, (self._native.policy_json(),))

    def __repr__(self) -> str:
        return f"salesrules.Engine(fingerprint={self.fingerprint!r})"


# ---------------------------------------------------------------------------------------------
# Conversions. Money never becomes a float here: Decimal is written as its exact decimal text,
# and non-integer numbers of a response are read back as Decimal.


def _loads(text: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(text, parse_float=decimal.Decimal)
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        # Plain positional notation: Decimal("1E+2") is written "100", never "1E+2".
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    raise TypeError(f"a {type(value).__name__} cannot be written as JSON")


def _dumps(value: Any) -> str:
    try:
        return json.dumps(
            value,
            default=_json_default,
            allow_nan=False,
            ensure_ascii=False,
            separators=(",", ":"),
        )
    except (TypeError, ValueError) as error:
        path, what = _find_unwritable(value, "")
        raise InvalidRequest(
            f"{what or error}; use str, int, bool, None, Decimal, datetime, lists and dicts",
            "invalid_request",
            path,
        ) from error


def _find_unwritable(value: Any, path: str) -> tuple[str, str]:
    """The path of the first value that JSON cannot hold, and what it is."""
    if isinstance(value, float) and not math.isfinite(value):
        return path, f"{value!r} is not a JSON number"
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return path, f"key {key!r} is not a string"
            found = _find_unwritable(item, f"{path}.{key}" if path else key)
            if found[1]:
                return found
        return path, ""
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found = _find_unwritable(item, f"{path}[{i}]")
            if found[1]:
                return found
        return path, ""
    if value is None or isinstance(value, (str, int, float, bool)):
        return path, ""
    try:
        _json_default(value)
    except TypeError as error:
        return path, str(error)
    return path, ""


def _request_json(request: Request) -> str:
    if request is None:
        return "{}"
    if isinstance(request, str):
        return request
    if isinstance(request, (bytes, bytearray)):
        return bytes(request).decode("utf-8")
    return _dumps(request)


def _policy_text(policy: PolicySource) -> str | None:
    if policy is None:
        return None
    if isinstance(policy, Mapping):
        return _dumps(policy)
    if isinstance(policy, (bytes, bytearray)):
        return bytes(policy).decode("utf-8")
    if isinstance(policy, str):
        if _is_document(policy):
            return policy
        return _read(policy)
    if isinstance(policy, os.PathLike):
        return _read(policy)
    raise TypeError(
        "policy must be None, a dict, JSON or TOML text, or a path, "
        f"not {type(policy).__name__}"
    )


def _is_document(text: str) -> bool:
    """JSON or TOML text rather than a file name: starts with ``{``, or has a newline or ``=``."""
    return text.lstrip().startswith("{") or "\n" in text or "=" in text or not text.strip()


def _read(path: str | os.PathLike[str]) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read()


def _instant_text(value: str | datetime.datetime, name: str) -> str:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise InvalidRequest(
                f"{name} must be timezone-aware (a naive datetime has no offset)",
                "invalid_request",
                name,
            )
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise InvalidRequest(
        f"{name} must be an RFC 3339 string or a timezone-aware datetime, "
        f"not {type(value).__name__}",
        "invalid_request",
        name,
    )


def _arrow_table(table: Any) -> Any:
    """Anything Arrow-compatible, as an object with ``__arrow_c_stream__``."""
    if hasattr(table, "__arrow_c_stream__"):
        return table
    try:
        import pyarrow
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise TypeError(
            f"a {type(table).__name__} has no __arrow_c_stream__; install pyarrow to convert it"
        ) from error
    if type(table).__module__.startswith("pandas"):
        return pyarrow.Table.from_pandas(table, preserve_index=False)
    if isinstance(table, list):
        return pyarrow.Table.from_pylist(table)
    return pyarrow.table(table)
