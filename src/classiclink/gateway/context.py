"""What flows through the gateway chain: the parsed HTTP request, and what each step learns about it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..actions.spec import ActionSpec, Call, Request
from ..domain.identity import Identity as Identity  # re-exported: the chain steps name it from here
from ..domain.ports import Store, UnitOfWork
from ..domain.scope import Scope
from ..http import HttpRequest
from ..settings import Settings
from .faults import FaultRules


@dataclass
class RequestContext:
    http: HttpRequest
    request_id: str
    now: float
    host_id: str
    params: dict[str, str] = field(default_factory=dict)
    action_name: str | None = None
    version: str | None = None
    format: Literal["JSON", "XML"] = "JSON"
    scheme: Literal["v1", "v3"] = "v1"
    spec: ActionSpec | None = None
    identity: Identity | None = None
    nonce_id: str | None = None
    nonce_saved: bool = False
    args: dict[str, Any] = field(default_factory=dict)
    call: Call | None = None
    request: Request | None = None
    scope: Scope | None = None
    uow: UnitOfWork | None = None
    response: dict[str, Any] | None = None
    client_token_id: str | None = None
    replayed: bool = False

    @property
    def product(self) -> str | None:
        return self.spec.product if self.spec else None


class Clock:
    def now(self) -> float:
        return time.time()


@dataclass
class Runtime:
    """Everything a chain step may use besides the request."""

    settings: Settings
    store: Store
    clock: Clock = field(default_factory=Clock)
    faults: FaultRules = field(default_factory=FaultRules)
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("classiclink"))


Step = Callable[[RequestContext, Runtime], None]
