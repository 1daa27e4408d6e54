"""ECS 2014-05-26: DescribeSecurityGroupAttribute, a group and its rules.

Rules are not modelled yet, so ``Permissions.Permission`` is always empty; the rule filters (NicType,
Direction) and token paging are still validated as documented, so a caller's mistakes answer the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import errors
from ...domain import security_groups
from ...domain.ports import UnitOfWork
from ...domain.scope import Scope
from ...reads import security_groups as group_reads
from ..spec import ECS_VERSION, Int, Request, Str, action, param
from .common import ecs_region
from .security_groups import group_arn


@dataclass(frozen=True, kw_only=True)
class DescribeSecurityGroupAttribute(Request):
    region_id: str = ecs_region()
    security_group_id: str = param("SecurityGroupId", Str(max_len=64, error=errors.SecurityGroupIdMalformed),
                                   required=True)  # fmt: skip
    # The docs spell the values in lower case; older pages capitalise them (Internet, Egress, ALL).
    nic_type: str | None = param("NicType", Str(pattern=r"(?i)internet|intranet", error=errors.InvalidNicType))
    direction: str = param("Direction", Str(pattern=r"(?i)egress|ingress|all"), default="all")
    next_token: str | None = param("NextToken", Str(max_len=256))
    max_results: int = param("MaxResults", Int(minimum=10, maximum=1000), default=500)
    attribute: str | None = param("Attribute", Str(choices=("snapshotPolicyIds",)))


@action(ECS_VERSION, "DescribeSecurityGroupAttribute", DescribeSecurityGroupAttribute, resources=group_arn)
def describe_security_group_attribute(
    request: DescribeSecurityGroupAttribute, scope: Scope, uow: UnitOfWork
) -> dict[str, Any]:
    group = security_groups.get(uow, scope, request.security_group_id)
    if request.next_token:
        # A token is only ever handed out for a further page of rules; with no rules there is none.
        raise errors.InvalidParameter(name="NextToken")
    return group_reads.attribute_view(group)
