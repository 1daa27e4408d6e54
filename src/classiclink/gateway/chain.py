"""The gateway: one visible list of steps every request passes through, and one place that turns
any failure into the Alibaba error envelope.

A step either returns (the request goes on) or raises an ``ApiError`` (answered as documented). Any
other exception is a bug: it is logged and answered as a 500 ``InternalError`` in the same envelope,
and the request's unit of work is rolled back so it changes nothing.
"""

from __future__ import annotations

import time

from ..domain.model import new_request_id
from ..errors import ApiError, InternalError, StsInternalError, VpcInternalError
from ..http import HttpRequest, HttpResponse
from . import (
    authenticate,
    authorize,
    dispatch,
    faults,
    idempotency,
    nonce,
    protocol,
    request_log,
    transaction,
    validate,
)
from .context import RequestContext, Runtime, Step
from .render import error, success

CHAIN: list[Step] = [
    protocol.resolve_action,  # method, parameters, Action, Version, Format
    transaction.begin,  # one unit of work from here to the end
    authenticate.verify_signature,  # signature fields, timestamp, AccessKey, V1/V3 signature
    nonce.reject_replay,  # SignatureNonce not seen in the window
    validate.parse_arguments,  # MissingParameter / InvalidParameter from the action's description
    authorize.check_ram,  # RAM policies of RAM users
    idempotency.replay_or_reserve,  # ClientToken: answer a retry with the first result
    dispatch.invoke,  # the action itself
    idempotency.remember,
    faults.inject,  # test-only failures, configured with --inject-fault
    transaction.commit,
]


class Gateway:
    def __init__(self, runtime: Runtime, chain: list[Step] | None = None) -> None:
        self.runtime = runtime
        self.chain = chain if chain is not None else CHAIN

    def handle(self, http: HttpRequest) -> HttpResponse:
        rt = self.runtime
        started = time.perf_counter()
        host = (http.header("host") or "").rsplit(":", 1)[0] if http.header("host") else ""
        ctx = RequestContext(http=http, request_id=new_request_id(), now=rt.clock.now(), host_id=host)
        code = ""
        try:
            for step in self.chain:
                step(ctx, rt)
            assert ctx.response is not None
            answer = success(ctx, ctx.response)
        except ApiError as err:
            self._abandon(ctx)
            code, answer = err.code, error(ctx, err)
        except Exception:
            rt.log.exception("internal error answering %s %s (RequestId %s)", ctx.version, ctx.action_name, ctx.request_id)
            self._abandon(ctx)
            internal = {"Vpc": VpcInternalError, "Sts": StsInternalError}.get(ctx.product or "", InternalError)
            failure = internal()
            code, answer = failure.code, error(ctx, failure)
        finally:
            if ctx.uow is not None:
                ctx.uow.rollback()  # no-op after commit; releases the transaction otherwise
        request_log.record(rt.settings.request_log, ctx, answer.status, code, time.perf_counter() - started)
        return answer

    def _abandon(self, ctx: RequestContext) -> None:
        """Roll the request back, but keep its nonce: a refused request has still used it."""
        if ctx.uow is not None:
            ctx.uow.rollback()
        if ctx.nonce_saved:
            try:
                with self.runtime.store.unit_of_work() as uow:
                    nonce.record_nonce(ctx, uow)
                    uow.commit()
            except Exception:
                self.runtime.log.exception("could not record the nonce of a refused request")
