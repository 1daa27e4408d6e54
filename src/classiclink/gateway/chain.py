"""The gateway: every RPC request passes these lists, top to bottom (LocalStack's handler chains, rolo's
request, response and finalizer lists). A step passes or answers; the documented errors are raised as
``ApiError`` and answered in the Alibaba envelope.

1. Before the unit of work (``CONTEXT_STEPS``): framing, authentication (a read-only unit of work: no
   write lock is taken for a request that is not yet known to be genuine), the nonce (claimed in a short
   transaction of its own, before the action, so that a concurrent replay is refused, and kept even when
   the request is refused later; a write's nonce, on a store that can, is instead the first write of the
   write's own transaction and kept alone if the rest is undone: one commit, not two), armed fault rules
   (counted in a transaction of their own, only when a cached rule may match), and the parameters, which
   turn the context into an ``Exchange``.
2. One unit of work, opened and closed here only: read-only for Describe/List/Get actions, a write
   transaction otherwise. ``REQUEST_STEPS`` run until one answers; ``RESPONSE_STEPS`` see that answer;
   then the unit of work commits. Any error rolls it back whole (but for a nonce claimed in it).
3. ``FINALIZERS`` run for every request, answered or refused.

The outermost guard turns anything unexpected, a failed rollback included, into a 500 ``InternalError``
in the same envelope; the request then changes nothing.
"""

from __future__ import annotations

import time

from ..domain.model import new_request_id
from ..domain.ports import UnitOfWork
from ..errors import ApiError, InternalError, StsInternalError, VpcInternalError
from ..http import HttpRequest, HttpResponse
from . import authenticate, authorize, dispatch, faults, idempotency, nonce, protocol, request_log, validate
from .context import Answer, ContextStep, Exchange, Finalizer, RequestContext, RequestStep, ResponseStep, Runtime
from .render import error, success

CONTEXT_STEPS: list[ContextStep] = [
    protocol.resolve_action,  # method, parameters, Action, Version, Format
    authenticate.verify_signature,  # signature fields, timestamp, AccessKey or STS token, V1/V3 signature
    nonce.claim,  # SignatureNonce not seen in the window; recorded in its own short transaction
    faults.claim,  # an armed fault rule counts the call (its own short transaction, only if one may match)
]
PARSE = validate.parse_arguments  # typed request and scope from the action's declaration -> Exchange

REQUEST_STEPS: list[RequestStep] = [
    faults.refuse,  # armed faults answered before the action: Throttling, Throttling.User, ServiceUnavailable
    authorize.check_ram,  # RAM policies of RAM users and role sessions
    idempotency.replay,  # ClientToken: a retry gets the first answer
    dispatch.invoke,  # the action itself
]
RESPONSE_STEPS: list[ResponseStep] = [
    idempotency.remember,  # the action's answer, for ClientToken retries
    faults.inject,  # an armed InternalError fault, after the work, so that it is rolled back
]
FINALIZERS: list[Finalizer] = [
    request_log.record,  # one line per request
]

_INTERNAL = {"Vpc": VpcInternalError, "Sts": StsInternalError}


class Gateway:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def may_run_inline(self) -> bool:
        """Whether a request can be answered on the caller's thread (the edge's event loop) without holding
        it up for long: a local store, and no armed fault rule that sleeps."""
        rt = self.runtime
        return rt.store.inline_safe and not rt.faults.may_sleep(rt.store)

    def handle(self, http: HttpRequest) -> HttpResponse:
        rt = self.runtime
        started = time.perf_counter()
        host = (http.header("host") or "").rsplit(":", 1)[0]
        ctx = RequestContext(http=http, request_id=new_request_id(), now=rt.clock.now(), host_id=host)
        code = ""
        try:
            response = success(ctx, self._answer(ctx).body)
        except ApiError as err:
            code, response = err.code, error(ctx, err)
            if err.hint:  # what to do about a newcomer's mistake: the log only, never the answer
                rt.log.warning("RequestId=%s %s: %s", ctx.request_id, err.code, err.hint)
        except Exception:  # the outermost guard: a bug, or a store that failed even to roll back
            rt.log.exception("internal error answering %s %s (RequestId %s)", ctx.version, ctx.action_name, ctx.request_id)
            failure = _INTERNAL.get(ctx.product or "", InternalError)()
            code, response = failure.code, error(ctx, failure)
        for finalizer in FINALIZERS:
            try:
                finalizer(ctx, response, code, time.perf_counter() - started, rt)
            except Exception:
                rt.log.exception("finalizer %s failed (RequestId %s)", finalizer.__qualname__, ctx.request_id)
        return response

    def _answer(self, ctx: RequestContext) -> Answer:
        rt = self.runtime
        for context_step in CONTEXT_STEPS:
            context_step(ctx, rt)
        if ctx.nonce_deferred:
            answer = self._answer_with_nonce(ctx)
            if answer is not None:
                return answer
            # The credentials changed since they were cached: claimed alone after all, authenticated again.
            ctx.nonce_deferred, ctx.claim_alone = False, True
            nonce.claim(ctx, rt)
        exchange = PARSE(ctx, rt)
        # Where a unit of work is opened and closed (here, and for a deferred nonce just below): leaving the
        # block without commit() rolls back.
        with rt.store.unit_of_work(read_only=exchange.spec.read_only) as uow:
            return self._work(exchange, uow)

    def _answer_with_nonce(self, ctx: RequestContext) -> Answer | None:
        """A write whose nonce is its unit of work's first write (nonce.may_defer): the parameters, then the steps,
        as for any request. Refused or failed, its work is undone and its nonce committed alone, as if claimed
        on its own. None, with nothing recorded, when the nonce step must claim it alone after all."""
        rt = self.runtime
        with rt.store.unit_of_work() as uow:
            if not nonce.claim_in(uow, ctx, rt):
                return None
            try:
                return self._work(PARSE(ctx, rt), uow)
            except Exception:
                uow.keep_nonce_only()
                uow.commit()
                raise

    def _work(self, exchange: Exchange, uow: UnitOfWork) -> Answer:
        answer = self._first_answer(exchange, uow)
        for response_step in RESPONSE_STEPS:
            response_step(exchange, answer, uow, self.runtime)
        uow.commit()
        return answer

    def _first_answer(self, exchange: Exchange, uow: UnitOfWork) -> Answer:
        for step in REQUEST_STEPS:
            answer = step(exchange, uow, self.runtime)
            if answer is not None:
                return answer
        raise AssertionError("the last request step, dispatch.invoke, always answers")
