"""``POST /accounts/{uid}/regions/{region}/classiclink-rules``: the "Add ClassicLink Rules" dialog in one call.

Body: ``{"ClassicSecurityGroupId": "sg-…", "VpcSecurityGroupIds": ["sg-…", …], "Mode": "Classic<=>VPC",
"IpProtocol": "all", "PortRange": "-1/-1", "Priority": 1, "Description": "…"}`` (all but the first two
optional). The rules are plain inbound security-group rules (domain/classiclink_rules.py), visible through
DescribeSecurityGroupAttribute; an API error (unknown group, ClassicLink not enabled …) is answered with its
own code and HTTP status.
"""

from __future__ import annotations

from typing import Any

from ..domain import classiclink_rules
from ..domain.ports import UnitOfWork
from ..domain.scope import Scope
from ..errors import ApiError
from ..settings import Behaviour
from .reach import checked_scope
from .service import AdminError, invalid
from .state import resource_view


def add(
    uow: UnitOfWork, account_id: str, region_id: str, body: dict[str, Any], now: float, behaviour: Behaviour
) -> dict[str, Any]:
    account = checked_scope(uow, account_id, region_id)
    classic = body.get("ClassicSecurityGroupId")
    vpc_groups = body.get("VpcSecurityGroupIds")
    if not isinstance(classic, str) or not classic:
        raise AdminError(400, "MissingParameter", "The parameter 'ClassicSecurityGroupId' is required.")
    if not isinstance(vpc_groups, list) or not all(isinstance(g, str) and g for g in vpc_groups):
        raise AdminError(400, "MissingParameter", "The parameter 'VpcSecurityGroupIds' is required: a list of "
                                                  "one to five VPC security group ids.")  # fmt: skip
    priority = body.get("Priority", 1)
    if not isinstance(priority, int) or isinstance(priority, bool) or not 1 <= priority <= 100:
        raise invalid("Priority", "a whole number from 1 to 100")
    texts = {name: body.get(name, default) for name, default in
             (("Mode", classiclink_rules.BOTH), ("IpProtocol", "all"), ("PortRange", "-1/-1"),
              ("Description", "ClassicLink"))}  # fmt: skip
    for name, value in texts.items():
        if not isinstance(value, str):
            raise invalid(name, "a string")
    scope = Scope(account_id=account, region_id=region_id, now=now, behaviour=behaviour)
    try:
        wanted = classiclink_rules.ClassicLinkRules(
            classic_group_id=classic, vpc_group_ids=tuple(vpc_groups), mode=classiclink_rules.mode_of(texts["Mode"]),
            ip_protocol=texts["IpProtocol"], port_range=texts["PortRange"], priority=priority,
            description=texts["Description"],
        )  # fmt: skip
        made = classiclink_rules.add(uow, scope, wanted)
    except classiclink_rules.InvalidClassicLinkRules as err:
        raise invalid(err.field, err.why) from None
    except ApiError as err:
        raise AdminError(err.status, err.code, err.text) from None
    return {"Mode": wanted.mode, "Rules": [resource_view(rule, now) for rule in made]}
