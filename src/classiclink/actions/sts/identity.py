"""STS 2015-04-01: AssumeRole and GetCallerIdentity (Alibaba Cloud STS API reference).

AssumeRole hands out temporary credentials for a RAM role. The caller must be a RAM user or a role
session (root keys are refused: "Roles may not be assumed by root accounts."); its own policies must
allow ``sts:AssumeRole`` on the role's ARN (the RAM step checks that, as for any action), and the role's
trust policy must name it as a Principal. Answers follow the current reference's example, key order
included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import sts
from ...domain.identity import role_arn
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...ram import PolicyError, parse_policy
from ..spec import STS_VERSION, ParamType, Request, Str, action, param

_ROLE_ARN = re.compile(r"acs:ram::([0-9]{1,18}):role/([^/:\s]{1,64})", re.IGNORECASE)
SESSION_POLICY_MAX_BYTES = 2048


class DurationParam(ParamType):
    """Seconds as an integer; the range depends on the role, so it is checked once the role is known."""

    def parse(self, name: str, raw: str) -> Any:
        if not re.fullmatch(r"[0-9]{1,12}", raw.strip()):
            raise errors.StsInvalidDurationSeconds()
        return int(raw)


class SessionPolicyParam(ParamType):
    """The inline Policy: at most 2,048 bytes, and a valid policy document."""

    def parse(self, name: str, raw: str) -> Any:
        if len(raw.encode()) > SESSION_POLICY_MAX_BYTES:
            raise errors.StsPolicySize()
        try:
            parse_policy("AssumeRole Policy", raw)
        except PolicyError:
            raise errors.StsPolicyGrammar() from None
        return raw


@dataclass(frozen=True, kw_only=True)
class AssumeRole(Request):
    role_arn: str = param("RoleArn", Str(max_len=256, pattern=_ROLE_ARN.pattern, error=errors.StsInvalidRoleArn),
                          required=True)  # fmt: skip
    role_session_name: str = param(
        "RoleSessionName",
        Str(min_len=2, max_len=64, pattern=r"[A-Za-z0-9.@_-]+", error=errors.StsInvalidRoleSessionName),
        required=True,
    )
    duration_seconds: int = param("DurationSeconds", DurationParam(), default=sts.DEFAULT_DURATION)
    policy: str = param("Policy", SessionPolicyParam(), default="")
    external_id: str | None = param(
        "ExternalId", Str(min_len=2, max_len=1224, pattern=r"[\w+=,.@:/-]+", error=errors.StsInvalidExternalId)
    )
    source_identity: str | None = param(
        "SourceIdentity", Str(min_len=2, max_len=64, pattern=r"(?!(acs|aliyun|alibabacloud):)[\w+=,.@-]+")
    )


def _role_arn_resource(request: AssumeRole, scope: Scope) -> list[str]:
    # sts:AssumeRole's resource is the role: acs:ram::{#accountId}:role/{#RoleName}.
    match = _ROLE_ARN.fullmatch(request.role_arn or "")
    return [role_arn(match.group(1), match.group(2))] if match else ["*"]


@action(STS_VERSION, "AssumeRole", AssumeRole, ram="sts:AssumeRole", resources=_role_arn_resource)
def assume_role(request: AssumeRole, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    match = _ROLE_ARN.fullmatch(request.role_arn)
    assert match is not None  # the parameter's pattern
    role, credential = sts.assume_role(
        uow, scope, role_account_id=match.group(1), role_name=match.group(2),
        session_name=request.role_session_name, session_policy=request.policy,
        duration=request.duration_seconds, external_id=request.external_id,
    )  # fmt: skip
    answer: dict[str, Any] = {
        "RequestId": "",
        "AssumedRoleUser": {
            "AssumedRoleId": f"{role.role_id}:{credential.session_name}",
            "Arn": f"{role_arn(role.account_id, role.name)}/{credential.session_name}",
        },
        "Credentials": {
            "SecurityToken": credential.token,
            "Expiration": sts.iso_time(credential.expires_at),
            "AccessKeySecret": credential.secret,
            "AccessKeyId": credential.id,
        },
    }
    if request.source_identity:
        answer["SourceIdentity"] = request.source_identity
    return answer


@dataclass(frozen=True, kw_only=True)
class GetCallerIdentity(Request):
    pass


@action(STS_VERSION, "GetCallerIdentity", GetCallerIdentity, no_ram=True)
def get_caller_identity(request: GetCallerIdentity, scope: Scope, uow: UnitOfWork) -> dict[str, Any]:
    caller = scope.caller
    assert caller is not None
    account = caller.account_id
    if caller.is_role_session:
        principal = f"{caller.role_id}:{caller.session_name}"
        return {
            "IdentityType": "AssumedRoleUser",
            "AccountId": account,
            "RequestId": "",
            "PrincipalId": principal,
            "Arn": sts.caller_arn(caller),
            "RoleId": caller.role_id,
        }
    user_id = sts.user_numeric_id(account, caller.user_name) if caller.user_name else account
    return {
        "IdentityType": "RAMUser" if caller.user_name else "Account",
        "AccountId": account,
        "RequestId": "",
        "PrincipalId": user_id,
        "UserId": user_id,
        "Arn": sts.caller_arn(caller),
    }
