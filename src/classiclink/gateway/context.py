"""What flows through the gateway: what the framing and authentication steps learn about a request
(``RequestContext``), the fully parsed request the steps inside the unit of work get (``Exchange``), and
the answer they produce (``Answer``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..actions.spec import ActionSpec, Request
from ..domain.faults import Fault
from ..domain.identity import Identity as Identity  # re-exported: the chain steps name it from here
from ..domain.ports import Store, UnitOfWork
from ..domain.scope import Scope
from ..http import HttpRequest, HttpResponse
from ..settings import Settings
from .faults import FaultBoard
from .identities import IdentityCache
from .recent import RecentRequests


@dataclass
class RequestContext:
    """The request as far as the steps before the unit of work have read it. Fields fill in as the
    request gets further; the error envelope is rendered from whatever is known (format, product)."""

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
    # "<AccessKeyId>:<SignatureNonce>", once the signature is verified.
    nonce_id: str | None = None
    # What an armed fault rule does to this request, decided once the nonce is claimed.
    fault: Fault | None = None
    # The store's identity version the credentials were read at (gateway/identities.py).
    identity_version: int | None = None
    # A write's nonce is claimed in the write's own unit of work (nonce.may_defer); claim_alone forbids it.
    nonce_deferred: bool = False
    claim_alone: bool = False

    @property
    def product(self) -> str | None:
        return self.spec.product if self.spec else None


@dataclass(frozen=True)
class Exchange:
    """A request that passed framing, authentication, the nonce and its parameter checks: everything the
    steps inside the unit of work need, none of it optional."""

    context: RequestContext
    spec: ActionSpec
    caller: Identity
    args: dict[str, Any]
    request: Request
    scope: Scope

    @property
    def request_id(self) -> str:
        return self.context.request_id

    @property
    def now(self) -> float:
        return self.context.now

    @property
    def params(self) -> dict[str, str]:
        return self.context.params


@dataclass(frozen=True)
class Answer:
    """A success body, and who gave it: the action, a ClientToken replay, or the action's documented
    answer to a RAM user it denies (DescribeInstances' empty list). Only the action's own answers are
    remembered for ClientToken retries."""

    body: dict[str, Any]
    source: Literal["action", "replay", "denied"] = "action"


class Clock:
    def now(self) -> float:
        return time.time()


@dataclass
class Runtime:
    """Everything a chain step may use besides the request."""

    settings: Settings
    store: Store
    clock: Clock = field(default_factory=Clock)
    faults: FaultBoard = field(default_factory=FaultBoard)
    identities: IdentityCache = field(default_factory=IdentityCache)
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("classiclink"))
    # The web console's recent requests (gateway/recent.py): only with the admin interface on, else None.
    recent: RecentRequests | None = None

    def __post_init__(self) -> None:
        if self.recent is None and self.settings.admin_token:
            self.recent = RecentRequests()


# Before the unit of work: a step reads the context and fills it in, or raises the documented error.
ContextStep = Callable[[RequestContext, Runtime], None]
# Inside the unit of work: a request step passes (None) or answers; a response step sees the answer.
RequestStep = Callable[[Exchange, UnitOfWork, Runtime], Answer | None]
ResponseStep = Callable[[Exchange, Answer, UnitOfWork, Runtime], None]
# After the answer is rendered, whatever happened.
Finalizer = Callable[[RequestContext, HttpResponse, str, float, Runtime], None]
