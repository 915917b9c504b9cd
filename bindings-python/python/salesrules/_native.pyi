"""Stubs of the native module ``salesrules._native`` (Rust, pyo3). Use ``salesrules`` instead."""

from typing import Any, final

import pyarrow

__all__ = ["Engine", "default_policy_json", "__version__", "OPERATIONS", "ERROR_CODES"]

__version__: str
"""The library version."""

OPERATIONS: tuple[str, ...]
"""The operations ``Engine.call`` serves."""

ERROR_CODES: tuple[str, ...]
"""Every stable error code of the core."""

def default_policy_json() -> str:
    """The default policy as pretty JSON."""

@final
class Engine:
    """A compiled policy. Errors are raised as ``salesrules.SalesrulesError`` subclasses."""

    def __new__(cls, policy_text: str | None = None) -> Engine:
        """Compile the default policy, or a JSON or TOML policy document."""

    @property
    def fingerprint(self) -> str:
        """The policy fingerprint stamped on every result."""

    def call(self, op: str, request_json: str) -> str:
        """Serve one operation: request JSON in, response JSON out (GIL released)."""

    def call_object(
        self, op: str, request: Any, result_class: type[dict[str, Any]] | None = None
    ) -> dict[str, Any] | str:
        """Serve one operation from a dict (written as JSON in Rust) or JSON text; the
        response as Python objects built from the typed response, or as JSON text for an
        operation the native module does not know by type (``policy``, later additions)."""

    def policy_json(self) -> str:
        """The policy in canonical JSON."""

    def attribute_table(
        self,
        deals: Any,
        contacts: Any,
        touches: Any,
        model: str | None = None,
        handovers: Any | None = None,
    ) -> pyarrow.Table:
        """Attribute every deal of three Arrow tables (objects with ``__arrow_c_stream__``)."""

    def lead_escalation_table(self, leads: Any, events: Any | None, now: str) -> pyarrow.Table:
        """Evaluate every lead of an Arrow table at ``now``; one row per lead."""

    def check_text_table(
        self, texts: Any, reference_date: str | None = None
    ) -> tuple[pyarrow.Table, pyarrow.Table]:
        """Check every text of an Arrow table: the summary table and the findings table."""
