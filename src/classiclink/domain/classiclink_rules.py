"""The console's "Add ClassicLink Rules" dialog, as plain security-group rules (issue 10; api-spec §2.4, §4.8).

The guide's third step authorizes a classic instance's group and up to five VPC groups to each other, in one
of three modes: Classic <=> VPC (both ways, the recommended one), Classic => VPC (classic instances may
open connections to the VPC's instances) and VPC => Classic (the reverse). The API the console uses is not
documented (api-spec open question 19); here each direction is one inbound rule made by ``rules.authorize``,
exactly what AuthorizeSecurityGroup with a ``SourceGroupId`` of the other network type makes, so the result
reads back through DescribeSecurityGroupAttribute and obeys the same checks (the VPC must have ClassicLink
enabled: ``InvalidSecurityGroup.InvalidNetworkType``). Outbound traffic needs no rule: a basic group allows
all outbound traffic unless a rule says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import rules, security_groups
from .model import SecurityGroup, SecurityGroupRule
from .ports import UnitOfWork
from .scope import Scope

MAX_VPC_GROUPS = 5  # "Select VPC Security Group: up to five security groups can be selected"

# Each mode by the console's label and by a shell-friendly alias.
BOTH, CLASSIC_TO_VPC, VPC_TO_CLASSIC = "Classic<=>VPC", "Classic=>VPC", "VPC=>Classic"
MODES = {
    BOTH: BOTH, "both": BOTH,
    CLASSIC_TO_VPC: CLASSIC_TO_VPC, "classic-to-vpc": CLASSIC_TO_VPC,
    VPC_TO_CLASSIC: VPC_TO_CLASSIC, "vpc-to-classic": VPC_TO_CLASSIC,
}  # fmt: skip


class InvalidClassicLinkRules(ValueError):
    """A request the dialog itself would not allow: which field, and why."""

    def __init__(self, field: str, why: str) -> None:
        super().__init__(f"{field}: {why}")
        self.field = field
        self.why = why


@dataclass(frozen=True)
class ClassicLinkRules:
    classic_group_id: str
    vpc_group_ids: tuple[str, ...]
    mode: str = BOTH
    ip_protocol: str = "all"
    port_range: str = "-1/-1"
    priority: int = 1
    description: str = "ClassicLink"


def mode_of(text: str) -> str:
    mode = MODES.get(text.replace(" ", ""), MODES.get(text.strip().lower()))
    if mode is None:
        raise InvalidClassicLinkRules("Mode", f"{text!r} is not one of {', '.join(sorted(set(MODES.values())))} "
                                              "(or both, classic-to-vpc, vpc-to-classic)")  # fmt: skip
    return mode


def add(uow: UnitOfWork, scope: Scope, wanted: ClassicLinkRules) -> list[SecurityGroupRule]:
    """Authorize the groups to each other as the mode says; rules already there are kept, not doubled.
    Returns every rule the mode stands for (new or existing), the classic group's first."""
    classic = security_groups.get(uow, scope, wanted.classic_group_id)
    if classic.vpc_id:
        raise InvalidClassicLinkRules("ClassicSecurityGroupId", f"{classic.id} is a VPC security group")
    if not wanted.vpc_group_ids:
        raise InvalidClassicLinkRules("VpcSecurityGroupIds", "give one to five VPC security groups")
    if len(wanted.vpc_group_ids) > MAX_VPC_GROUPS:
        raise InvalidClassicLinkRules("VpcSecurityGroupIds", f"at most {MAX_VPC_GROUPS} VPC security groups")
    if len(set(wanted.vpc_group_ids)) != len(wanted.vpc_group_ids):
        raise InvalidClassicLinkRules("VpcSecurityGroupIds", "a group is named twice")
    vpc_groups = [security_groups.get(uow, scope, group_id) for group_id in wanted.vpc_group_ids]
    for group in vpc_groups:
        if not group.vpc_id:
            raise InvalidClassicLinkRules("VpcSecurityGroupIds", f"{group.id} is a classic security group")
    pairs: list[tuple[SecurityGroup, SecurityGroup]] = []  # (group receiving the inbound rule, its source)
    if wanted.mode in (BOTH, VPC_TO_CLASSIC):
        pairs += [(classic, group) for group in vpc_groups]
    if wanted.mode in (BOTH, CLASSIC_TO_VPC):
        pairs += [(group, classic) for group in vpc_groups]
    made: list[SecurityGroupRule] = []
    for target, source in pairs:
        spec = _spec(wanted, source)
        rules.authorize(uow, scope, target, rules.INGRESS, [spec])
        wanted_rule = rules.build(uow, scope, target, rules.INGRESS, spec, creating=False)
        in_group = uow.security_group_rules.find(account_id=target.account_id, security_group_id=target.id)
        made += [rule for rule in in_group if rules.identity(rule) == rules.identity(wanted_rule)]
    return made


def _spec(wanted: ClassicLinkRules, source: SecurityGroup) -> rules.RuleSpec:
    return rules.RuleSpec(
        ip_protocol=wanted.ip_protocol, port_range=wanted.port_range, policy="accept",
        priority=str(wanted.priority), nic_type="intranet", description=wanted.description,
        source_group_id=source.id,
    )  # fmt: skip
