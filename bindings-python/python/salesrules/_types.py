"""Typed shapes of the JSON contract (SPEC section 4), for editors and type checkers.

Money is always a decimal ``str`` (``"100000.00"``) or a :class:`decimal.Decimal` on input;
instants are RFC 3339 strings with an offset (or timezone-aware ``datetime`` on input).
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any, Literal, NotRequired, TypedDict

__all__ = [
    "Money",
    "InstantLike",
    "ModelName",
    "Deal",
    "Contact",
    "Signals",
    "Touch",
    "Handover",
    "Relation",
    "AttributeRequest",
    "Credit",
    "Locked",
    "Unassigned",
    "AttributeResponse",
    "KeyInfluencersRequest",
    "Influencer",
    "KeyInfluencersResponse",
]

Money = str | decimal.Decimal
"""A money amount: a decimal string such as ``"100000.00"`` or a ``Decimal``; never a float."""

InstantLike = str | datetime.datetime
"""An RFC 3339 string with offset, or a timezone-aware ``datetime``."""

ModelName = Literal[
    "role_weighted", "first_touch", "last_touch", "linear", "time_decay", "u_shaped", "w_shaped"
]
"""The attribution models."""


class Deal(TypedDict):
    """The deal being attributed."""

    id: str
    customer_id: NotRequired[str]
    amount: Money
    currency: str
    closed_at: InstantLike


class Contact(TypedDict):
    """A customer contact with a role from the policy's ``roles``."""

    id: str
    role: str
    name: NotRequired[str]


class Signals(TypedDict, total=False):
    """Content-quality signals of a touch."""

    proposal_downloaded: bool
    video_completion: str | decimal.Decimal


class Touch(TypedDict):
    """A rep's interaction with a contact."""

    rep: str
    contact: str
    kind: str
    at: InstantLike
    stage: NotRequired[str]
    signals: NotRequired[Signals]


# `from` is a keyword, so these TypedDicts use the functional form.
Handover = TypedDict(
    "Handover",
    {"from": str, "to": str, "at": InstantLike, "evidence": NotRequired[str]},
)
Handover.__doc__ = "A confirmed handover of the customer from one rep to another."

Relation = TypedDict(
    "Relation",
    {"from": str, "to": str, "kind": Literal["reports_to", "influences"]},
)
Relation.__doc__ = "A relation between two contacts."


class AttributeRequest(TypedDict):
    """Request of the ``attribute`` operation."""

    deal: Deal
    contacts: NotRequired[list[Contact]]
    touches: NotRequired[list[Touch]]
    handovers: NotRequired[list[Handover]]
    relations: NotRequired[list[Relation]]
    model: NotRequired[ModelName]
    explain: NotRequired[bool]


class Credit(TypedDict):
    """A rep's paid credit: exact share and amount in the deal's minor unit."""

    rep: str
    share: str
    share_exact: str
    amount: str


class Locked(TypedDict):
    """A share held back by a silent-period lock."""

    rep: str
    share: str
    share_exact: str
    amount: str
    reason: str


class Unassigned(TypedDict):
    """What nobody is credited with."""

    share: str
    share_exact: str
    amount: str


class AttributeResponse(TypedDict):
    """Response of the ``attribute`` operation. Credits, locked parts and the unassigned
    part always sum exactly to ``amount``."""

    deal_id: str
    policy_fingerprint: str
    model: ModelName
    currency: str
    amount: str
    credits: list[Credit]
    locked: list[Locked]
    unassigned: Unassigned
    explanation: list[dict[str, Any]]


class KeyInfluencersRequest(TypedDict):
    """Request of the ``key_influencers`` operation."""

    contacts: list[Contact]
    touches: NotRequired[list[Touch]]
    relations: NotRequired[list[Relation]]
    top: NotRequired[int]


class Influencer(TypedDict):
    """A ranked contact and why."""

    rank: int
    contact: str
    role: str
    score: str
    reasons: list[str]


class KeyInfluencersResponse(TypedDict):
    """Response of the ``key_influencers`` operation."""

    policy_fingerprint: str
    influencers: list[Influencer]
