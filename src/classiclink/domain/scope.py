"""Who, where and when: the one value every domain operation receives besides its own arguments."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..settings import Behaviour
from .identity import Identity


@dataclass(frozen=True)
class Scope:
    """The calling account, the request's region ("" when the call names none), the time the request
    arrived, the behaviour switches in force, and who signed it."""

    account_id: str
    region_id: str
    now: float
    behaviour: Behaviour = field(default_factory=Behaviour)
    request_id: str = ""
    caller: Identity | None = None
    # The region of the resource a call names when it carries no RegionId (Tea sends none for
    # StartInstance & co.), for the ARNs RAM checks; set by the RAM step from the caller's own resource.
    home_region: str = ""
    # Whether RAM users' and role sessions' policies are enforced (--ram-mode): checks a domain rule makes on
    # them (CreateInstance's ram:PassRole) follow the gateway's.
    ram_enforced: bool = True

    @property
    def rules(self) -> Behaviour:
        return self.behaviour
