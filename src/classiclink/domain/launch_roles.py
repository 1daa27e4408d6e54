"""The instance RAM role a new instance is launched with (CreateInstance / RunInstances ``RamRoleName``).

The documented checks, in order: instance RAM roles are for VPC instances (``InvalidNetworkType.MismatchRamRole``);
the role must exist in the account (``InvalidRamRole.NotFound``); its trust policy must let the ECS service
assume it (``InvalidRamRole.NotEcsRole``: "not authorized for ecs, please check your role policy"); and a RAM
user or role session passing it needs ``ram:PassRole`` on it (``InvalidUser.PassRoleForbidden``). Root
identities pass any role, as they are never subject to RAM, and so does everyone when RAM is off.
"""

from __future__ import annotations

import time

from .. import errors
from ..ram import Policy, PolicyError, parse_policy
from ..ram.evaluate import evaluate_session
from ..ram.trust import parse_trust_policy
from .identity import Identity, Role, User, role_arn, role_key, user_key
from .ports import UnitOfWork
from .scope import Scope

ECS_SERVICE = "ecs.aliyuncs.com"
PASS_ROLE = "ram:PassRole"


def check(uow: UnitOfWork, scope: Scope, role_name: str, *, classic: bool, create_instance: bool) -> None:
    """``create_instance`` picks CreateInstance's wording of the codes both actions document."""
    if classic:
        raise errors.CreateRamRoleClassic() if create_instance else errors.RamRoleClassicNotSupported()
    role = uow.roles.get(role_key(scope.account_id, role_name), account_id=scope.account_id)
    if role is None:
        raise errors.CreateRamRoleNotFound() if create_instance else errors.RamRoleNotFound()
    context = {"acs:CurrentTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(scope.now))}
    try:
        trusted = parse_trust_policy(role.trust_policy).trusts_service(ECS_SERVICE, context)
    except PolicyError:
        trusted = False  # a stored document edited by hand: trust no one
    if not trusted:
        raise errors.RamRoleNotEcsRole()
    caller = scope.caller
    if scope.ram_enforced and caller is not None and not caller.is_root and not _may_pass(uow, caller, role, context):
        raise errors.PassRoleForbidden()


def _may_pass(uow: UnitOfWork, caller: Identity, role: Role, context: dict[str, str]) -> bool:
    """The caller's own policies (a role session's: the role's, within its session policy) on the role's ARN."""
    try:
        policies = _policies(uow, caller)
        session = parse_policy("AssumeRole Policy", caller.session_policy) if caller.session_policy else None
    except PolicyError:
        return False  # an unreadable stored policy grants nothing
    decision = evaluate_session(policies, session, PASS_ROLE, [role_arn(role.account_id, role.name)], context)
    return decision.allowed


def _policies(uow: UnitOfWork, caller: Identity) -> list[Policy]:
    account = caller.account_id
    owner: Role | User | None
    if caller.is_role_session:
        owner = uow.roles.get(role_key(account, caller.role_name), account_id=account)
    else:
        owner = uow.users.get(user_key(account, caller.user_name), account_id=account)
    names = owner.policy_names if owner is not None else []  # a deleted user or role grants nothing
    stored = [uow.policies.get(user_key(account, name), account_id=account) for name in names]
    return [parse_policy(p.name, p.document) for p in stored if p is not None]
