"""ECS 2014-05-26: DescribeSecurityGroupAttribute, a group and its rules.

Rules are not modelled yet, so ``Permissions.Permission`` is always empty; the rule filters (NicType,
Direction) and token paging are still validated as documented, so a caller's mistakes answer the same.
"""

from __future__ import annotations

from typing import Any

from ... import errors
from ...domain import security_groups
from ...domain.ports import UnitOfWork
from ..spec import ECS_VERSION, Call, Int, Param, Str, action
from .common import ECS_REGION
from .security_groups import group_arn

# Enterprise groups isolate their members from each other (InnerAccessPolicy Drop); normal groups accept.
_INNER_ACCESS = {"normal": "Accept", "enterprise": "Drop"}


@action(
    ECS_VERSION,
    "DescribeSecurityGroupAttribute",
    ECS_REGION,
    Param("SecurityGroupId", Str(max_len=64, error=errors.SecurityGroupIdMalformed), required=True),
    # The docs spell the values in lower case; older pages capitalise them (Internet, Egress, ALL).
    Param("NicType", Str(pattern=r"(?i)internet|intranet", error=errors.InvalidNicType)),
    Param("Direction", Str(pattern=r"(?i)egress|ingress|all"), default="all"),
    Param("NextToken", Str(max_len=256)),
    Param("MaxResults", Int(minimum=10, maximum=1000), default=500),
    Param("Attribute", Str(choices=("snapshotPolicyIds",))),
    resources=group_arn,
)
def describe_security_group_attribute(call: Call, uow: UnitOfWork) -> dict[str, Any]:
    group = security_groups.get(uow, call.account_id, call.region_id, call["SecurityGroupId"])
    if call["NextToken"]:
        # A token is only ever handed out for a further page of rules; with no rules there is none.
        raise errors.InvalidParameter(name="NextToken")
    # Key order: the reference page's response table (its generated example follows it).
    return {
        "VpcId": group.vpc_id,
        "InnerAccessPolicy": _INNER_ACCESS.get(group.group_type, "Accept"),
        "Description": group.description,
        "SecurityGroupId": group.id,
        "SecurityGroupName": group.name,
        "RegionId": group.region_id,
        "Permissions": {"Permission": []},
        "NextToken": "",
        "SnapshotPolicyIds": {"SnapshotPolicyId": []},
    }
