"""Notebook display of an attribution result: a plain dict that also renders as HTML."""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["AttributeResult"]


class AttributeResult(dict[str, Any]):
    """The response of ``Engine.attribute``: a ``dict`` (equal to the plain response) that
    Jupyter shows as a table of credits followed by the explanation."""

    def _repr_html_(self) -> str:
        rows = []
        for c in self.get("credits", []):
            rows.append((c.get("rep", ""), "credit", c.get("share_exact", ""), c.get("amount", "")))
        for lk in self.get("locked", []):
            rows.append((lk.get("rep", ""), "locked", lk.get("share_exact", ""), lk.get("amount", "")))
        u = self.get("unassigned") or {}
        if u:
            rows.append(("", "unassigned", u.get("share_exact", ""), u.get("amount", "")))
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows
        )
        steps = "".join(
            f"<li>{escape(str(step.get('text', step.get('step', ''))))}</li>"
            for step in self.get("explanation", [])
            if isinstance(step, dict)
        )
        title = escape(
            f"deal {self.get('deal_id', '')}: {self.get('amount', '')} {self.get('currency', '')}"
            f" ({self.get('model', '')})"
        )
        return (
            f"<div><strong>{title}</strong>"
            "<table><thead><tr><th>rep</th><th>kind</th><th>share</th><th>amount</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
            + (f"<ol>{steps}</ol>" if steps else "")
            + f"<small>{escape(str(self.get('policy_fingerprint', '')))}</small></div>"
        )
