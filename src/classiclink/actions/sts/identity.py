"""STS 2015-04-01: AssumeRole and GetCallerIdentity (Alibaba Cloud STS API reference).

AssumeRole hands out temporary credentials for a RAM role. The caller must be a RAM user or a role
session (root keys are refused: "Roles may not be assumed by root accounts."); its own policies must
allow ``sts:AssumeRole`` on the role's ARN (the RAM step checks that, as for any action), and the role's
trust policy must name it as a Principal. Answers follow the current reference's example, key order
included.
"""

from __future__ import annotations

import re
import time
from typing import Any

from ... import errors
from ...domain import sts
from ...domain.identity import Identity, role_key
from ...domain.ports import UnitOfWork
from ...ram import PolicyError, parse_policy
from ...ram.trust import caller_principals, parse_trust_policy
from ..spec import STS_VERSION, Call, Param, ParamType, Str, action

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


def _role_arn_resource(call: Call) -> list[str]:
    # sts:AssumeRole's resource is the role: acs:ram::{#accountId}:role/{#RoleName}.
    match = _ROLE_ARN.fullmatch(call["RoleArn"] or "")
    return [f"acs:ram::{match.group(1)}:role/{match.group(2)}"] if match else ["*"]


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _caller_arn(caller: Identity) -> str:
    if caller.is_role_session:
        return f"acs:ram::{caller.account_id}:assumed-role/{caller.role_name}/{caller.session_name}"
    if caller.user_name:
        return f"acs:ram::{caller.account_id}:user/{caller.user_name}"
    return f"acs:ram::{caller.account_id}:root"


@action(
    STS_VERSION,
    "AssumeRole",
    Param("RoleArn", Str(max_len=256, pattern=_ROLE_ARN.pattern, error=errors.StsInvalidRoleArn), required=True),
    Param(
        "RoleSessionName",
        Str(min_len=2, max_len=64, pattern=r"[A-Za-z0-9.@_-]+", error=errors.StsInvalidRoleSessionName),
        required=True,
    ),
    Param("DurationSeconds", DurationParam(), default=sts.DEFAULT_DURATION),
    Param("Policy", SessionPolicyParam(), default=""),
    Param("ExternalId", Str(min_len=2, max_len=1224, pattern=r"[\w+=,.@:/-]+", error=errors.StsInvalidExternalId)),
    Param("SourceIdentity", Str(min_len=2, max_len=64, pattern=r"(?!(acs|aliyun|alibabacloud):)[\w+=,.@-]+")),
    ram="sts:AssumeRole",
    resources=_role_arn_resource,
)
def assume_role(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    caller = call.caller
    assert caller is not None
    if caller.is_root:
        raise errors.StsRootCannotAssume()
    match = _ROLE_ARN.fullmatch(call["RoleArn"])
    assert match is not None  # the parameter's pattern
    account_id, name = match.group(1), match.group(2)
    role = uow.roles.get(role_key(account_id, name), account_id=account_id)
    if role is None:
        raise errors.StsRoleNotFound()
    try:
        trust = parse_trust_policy(role.trust_policy)
    except PolicyError:
        raise errors.StsNoPermission() from None  # a stored document edited by hand: trust no one
    principals = caller_principals(caller.account_id, caller.user_name, caller.role_name)
    context = {"acs:CurrentTime": _iso(call.now), "acs:MFAPresent": "false"}
    if call["ExternalId"]:
        context["sts:ExternalId"] = call["ExternalId"]
    if not trust.allows(principals, context):
        raise errors.StsNoPermission()
    duration = call["DurationSeconds"]
    if not sts.MIN_DURATION <= duration <= role.max_session_duration:
        raise errors.StsInvalidDurationSeconds()

    uow.sts_credentials.purge_older_than(call.now - sts.MAX_MAX_SESSION_DURATION - sts.KEEP_EXPIRED)
    credential = sts.issue(role, call["RoleSessionName"], call["Policy"], duration, call.now, _caller_arn(caller))
    uow.sts_credentials.add(credential)
    answer: dict[str, Any] = {
        "RequestId": "",
        "AssumedRoleUser": {
            "AssumedRoleId": f"{role.role_id}:{credential.session_name}",
            "Arn": f"acs:ram::{role.account_id}:role/{role.name}/{credential.session_name}",
        },
        "Credentials": {
            "SecurityToken": credential.token,
            "Expiration": _iso(credential.expires_at),
            "AccessKeySecret": credential.secret,
            "AccessKeyId": credential.id,
        },
    }
    if call["SourceIdentity"]:
        answer["SourceIdentity"] = call["SourceIdentity"]
    return answer


@action(STS_VERSION, "GetCallerIdentity", no_ram=True)
def get_caller_identity(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    caller = call.caller
    assert caller is not None
    account = caller.account_id
    if caller.is_role_session:
        principal = f"{caller.role_id}:{caller.session_name}"
        return {
            "IdentityType": "AssumedRoleUser",
            "AccountId": account,
            "RequestId": "",
            "PrincipalId": principal,
            "Arn": _caller_arn(caller),
            "RoleId": caller.role_id,
        }
    user_id = sts.user_numeric_id(account, caller.user_name) if caller.user_name else account
    return {
        "IdentityType": "RAMUser" if caller.user_name else "Account",
        "AccountId": account,
        "RequestId": "",
        "PrincipalId": user_id,
        "UserId": user_id,
        "Arn": _caller_arn(caller),
    }
