"""Stubs of the native module ``salesrules._native`` (Rust, pyo3). Use ``salesrules`` instead."""

from typing import Any

import pyarrow

__version__: str
"""The library version."""

OPERATIONS: tuple[str, ...]
"""The operations ``Engine.call`` serves."""

ERROR_CODES: tuple[str, ...]
"""Every stable error code of the core."""

def default_policy_json() -> str:
    """The default policy as pretty JSON."""

class Engine:
    """A compiled policy. Errors are raised as ``salesrules.SalesrulesError`` subclasses."""

    def __init__(self, policy_text: str | None = None) -> None:
        """Compile the default policy, or a JSON or TOML policy document."""

    @property
    def fingerprint(self) -> str:
        """The policy fingerprint stamped on every result."""

    def call(self, op: str, request_json: str) -> str:
        """Serve one operation: request JSON in, response JSON out (GIL released)."""

    def policy_json(self) -> str:
        """The policy in canonical JSON."""

    def attribute_table(
        self, deals: Any, contacts: Any, touches: Any, model: str | None = None
    ) -> pyarrow.Table:
        """Attribute every deal of three Arrow tables (objects with ``__arrow_c_stream__``)."""
