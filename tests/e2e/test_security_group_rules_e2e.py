"""Security-group rules and membership through the official SDKs (legacy aliyunsdkecs and Tea) on a real
server: AuthorizeSecurityGroup[Egress], RevokeSecurityGroup[Egress], ModifySecurityGroup[Egress]Rule,
DescribeSecurityGroupAttribute, ModifySecurityGroupAttribute, ModifySecurityGroupPolicy,
DescribeSecurityGroupReferences, JoinSecurityGroup, LeaveSecurityGroup, DeleteSecurityGroup.

Each documented fact a test relies on is cited next to it (the current ECS reference pages).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from support.sdk import REGION, Api, make_classic_group, make_instance, make_vpc
from support.server import ServerProcess

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["legacy", "tea"])
def api(request: pytest.FixtureRequest, server: ServerProcess) -> Api:
    return Api(request.param, server.endpoint)


def vpc_group(api: Api, vpc_id: str, **extra: Any) -> str:
    return str(api.call("CreateSecurityGroup", RegionId=REGION, VpcId=vpc_id, **extra)["SecurityGroupId"])


def vswitch(api: Api, vpc_id: str) -> str:
    vsw = str(api.call("CreateVSwitch", RegionId=REGION, VpcId=vpc_id, ZoneId="cn-hangzhou-i",
                       CidrBlock="172.16.1.0/24")["VSwitchId"])  # fmt: skip
    return vsw


def permissions(api: Api, group_id: str, **filters: Any) -> list[dict[str, Any]]:
    found = api.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group_id, **filters)
    return list(found["Permissions"]["Permission"])


def authorize(api: Api, group_id: str, egress: bool = False, **rule: Any) -> None:
    action = "AuthorizeSecurityGroupEgress" if egress else "AuthorizeSecurityGroup"
    api.call(action, RegionId=REGION, SecurityGroupId=group_id, **rule)


def ssh(**extra: Any) -> dict[str, Any]:
    return {"IpProtocol": "tcp", "PortRange": "22/22", "SourceCidrIp": "10.0.0.0/8", **extra}


def rule_ids_param(api: Api, ids: list[str]) -> dict[str, Any]:
    # The legacy request's setter is plural (set_SecurityGroupRuleIds); the Tea model's key is singular.
    return {"SecurityGroupRuleIds" if api.flavour == "legacy" else "SecurityGroupRuleId": ids}


# --- authorize, describe, revoke ------------------------------------------------------------------------------


def test_flat_rule_reads_back_with_every_field(api: Api) -> None:
    group = make_classic_group(api)
    authorize(api, group, **ssh(Priority="5", Description="ssh in", NicType="intranet", Policy="drop"))
    [rule] = permissions(api, group)
    # "IpProtocol ... case-insensitive"; DescribeSecurityGroupAttribute answers upper case (TCP).
    assert rule["IpProtocol"] == "TCP" and rule["PortRange"] == "22/22" and rule["SourceCidrIp"] == "10.0.0.0/8"
    assert (rule["Policy"], rule["Priority"], rule["NicType"]) == ("Drop", "5", "intranet")
    assert rule["Direction"] == "ingress" and rule["Description"] == "ssh in"
    assert rule["SecurityGroupRuleId"].startswith("sgr-")
    for key in ("SourceGroupName", "DestGroupName", "SourcePortRange", "Ipv6SourceCidrIp", "CreateTime"):
        assert key in rule


def test_permissions_batch_and_defaults(api: Api) -> None:
    group = make_classic_group(api)
    authorize(api, group, Permissions=[
        {"IpProtocol": "TCP", "PortRange": "80/80", "SourceCidrIp": "0.0.0.0/0"},
        {"IpProtocol": "icmp", "PortRange": "-1/-1", "SourceCidrIp": "0.0.0.0/0"},
    ])  # fmt: skip
    rules = permissions(api, group)
    assert [r["IpProtocol"] for r in rules] == ["TCP", "ICMP"]
    # Defaults: Policy accept, Priority 1, a classic group's NicType internet (the parameter tables).
    assert {(r["Policy"], r["Priority"], r["NicType"]) for r in rules} == {("Accept", "1", "internet")}


def test_authorizing_an_existing_rule_adds_nothing(api: Api) -> None:
    # "If the specified security group rule already exists, the call is successful but no rule is created."
    group = make_classic_group(api)
    authorize(api, group, **ssh())
    authorize(api, group, **ssh(IpProtocol="TCP"))
    assert len(permissions(api, group)) == 1


def test_egress_rule_and_direction_filter(api: Api) -> None:
    group = make_classic_group(api)
    authorize(api, group, **ssh())
    authorize(api, group, egress=True, IpProtocol="all", PortRange="-1/-1", DestCidrIp="0.0.0.0/0")
    assert [r["Direction"] for r in permissions(api, group)] == ["ingress", "egress"]
    [out] = permissions(api, group, Direction="egress")
    assert (out["IpProtocol"], out["DestCidrIp"], out["PortRange"]) == ("ALL", "0.0.0.0/0", "-1/-1")
    assert [r["Direction"] for r in permissions(api, group, Direction="ingress")] == ["ingress"]
    assert permissions(api, group, NicType="intranet") == []


def test_attribute_paging_by_token(api: Api) -> None:
    group = make_classic_group(api)
    authorize(api, group, Permissions=[ssh(PortRange=f"{p}/{p}") for p in range(1, 13)])
    first = api.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group, MaxResults=10)
    assert len(first["Permissions"]["Permission"]) == 10 and first["NextToken"]
    rest = api.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group, MaxResults=10,
                    NextToken=first["NextToken"])  # fmt: skip
    assert [r["PortRange"] for r in rest["Permissions"]["Permission"]] == ["11/11", "12/12"]
    assert rest["NextToken"] == ""


def test_revoke_by_fields_by_permissions_and_by_id(api: Api) -> None:
    group = make_classic_group(api)
    authorize(api, group, Permissions=[ssh(), ssh(PortRange="80/80"), ssh(PortRange="443/443")])
    api.call("RevokeSecurityGroup", RegionId=REGION, SecurityGroupId=group, **ssh())
    api.call("RevokeSecurityGroup", RegionId=REGION, SecurityGroupId=group, Permissions=[ssh(PortRange="80/80")])
    [left] = permissions(api, group)
    api.call("RevokeSecurityGroup", RegionId=REGION, SecurityGroupId=group,
             **rule_ids_param(api, [left["SecurityGroupRuleId"]]))  # fmt: skip
    assert permissions(api, group) == []
    # "Permissions: if no rule matches, the call is successful but no rule is deleted."
    api.call("RevokeSecurityGroup", RegionId=REGION, SecurityGroupId=group, **ssh())


def test_revoke_egress(api: Api) -> None:
    group = make_classic_group(api)
    authorize(api, group, egress=True, IpProtocol="udp", PortRange="53/53", DestCidrIp="8.8.8.8/32")
    api.call("RevokeSecurityGroupEgress", RegionId=REGION, SecurityGroupId=group, IpProtocol="UDP",
             PortRange="53/53", DestCidrIp="8.8.8.8/32")  # fmt: skip
    assert permissions(api, group) == []


def test_revoke_unknown_or_repeated_rule_id(api: Api) -> None:
    group = make_classic_group(api)
    authorize(api, group, **ssh())
    [rule] = permissions(api, group)
    # Since 2024-07-08 revoking a rule ID that does not exist answers InvalidParam.SecurityGroupRuleId.
    api.fail("RevokeSecurityGroup", RegionId=REGION, SecurityGroupId=group,
             **rule_ids_param(api, ["sgr-nothere"])).expect(
        400, "InvalidParam.SecurityGroupRuleId", "The specified parameter SecurityGroupRuleId is not valid.")
    api.fail("RevokeSecurityGroup", RegionId=REGION, SecurityGroupId=group,
             **rule_ids_param(api, [rule["SecurityGroupRuleId"]] * 2)).expect(
        400, "InvalidParam.SecurityGroupRuleIdRepeated", "The specified parameter SecurityGroupRuleId is repeated.")
    # An ingress rule is not one of the group's egress rules.
    api.fail("RevokeSecurityGroupEgress", RegionId=REGION, SecurityGroupId=group,
             **rule_ids_param(api, [rule["SecurityGroupRuleId"]])).expect(
        400, "InvalidParam.SecurityGroupRuleId", "The specified parameter SecurityGroupRuleId is not valid.")  # fmt: skip


# --- modify -------------------------------------------------------------------------------------------------


def test_modify_rule_description_by_fields_and_fields_by_id(api: Api) -> None:
    group = make_classic_group(api)
    authorize(api, group, **ssh())
    api.call("ModifySecurityGroupRule", RegionId=REGION, SecurityGroupId=group, Description="changed", **ssh())
    [rule] = permissions(api, group)
    assert rule["Description"] == "changed"
    api.call("ModifySecurityGroupRule", RegionId=REGION, SecurityGroupId=group,
             SecurityGroupRuleId=rule["SecurityGroupRuleId"], PortRange="2222/2222", Priority="7")  # fmt: skip
    [rule] = permissions(api, group)
    assert (rule["PortRange"], rule["Priority"], rule["Description"]) == ("2222/2222", "7", "changed")
    api.fail("ModifySecurityGroupRule", RegionId=REGION, SecurityGroupId=group, Description="x", **ssh()).expect(
        404, "SecurityGroupRule.NotFound", "The target security group rule not exist.")
    api.fail("ModifySecurityGroupRule", RegionId=REGION, SecurityGroupId=group,
             SecurityGroupRuleId="sgr-nothere", Description="x").expect(
        404, "InvalidSecurityGroupRuleId.NotFound", "The specified SecurityGroupRuleId is not exists.")
    api.fail("ModifySecurityGroupRule", RegionId=REGION, SecurityGroupId=group,
             SecurityGroupRuleId=rule["SecurityGroupRuleId"], NicType="intranet").expect(
        400, "InvalidOperation.ModifyNicType", "NicType is not allowed to modify.")  # fmt: skip


def test_modify_egress_rule_and_its_refusals(api: Api) -> None:
    group, other = make_classic_group(api), make_classic_group(api)
    authorize(api, group, egress=True, IpProtocol="tcp", PortRange="80/80", DestCidrIp="10.0.0.0/8")
    authorize(api, group, egress=True, IpProtocol="tcp", PortRange="81/81", DestCidrIp="10.0.0.0/8")
    first, second = permissions(api, group)
    api.call("ModifySecurityGroupEgressRule", RegionId=REGION, SecurityGroupId=group,
             SecurityGroupRuleId=first["SecurityGroupRuleId"], DestCidrIp="192.168.0.0/16")  # fmt: skip
    assert permissions(api, group)[0]["DestCidrIp"] == "192.168.0.0/16"
    api.fail("ModifySecurityGroupEgressRule", RegionId=REGION, SecurityGroupId=group,
             SecurityGroupRuleId=first["SecurityGroupRuleId"], DestGroupId=other, NicType="intranet").expect(
        400, "InvalidOperation.ModifyNicType", "NicType is not allowed to modify.")
    api.fail("ModifySecurityGroupEgressRule", RegionId=REGION, SecurityGroupId=group,
             SecurityGroupRuleId=first["SecurityGroupRuleId"], PortRange="81/81", DestCidrIp="10.0.0.0/8").expect(
        400, "InvalidOperation.RuleDuplicate", "The modified rule is the same as an existing rule.")
    assert second["PortRange"] == "81/81"  # fmt: skip


# --- documented errors of authorize ----------------------------------------------------------------------------

BAD_RULES = [
    ({"IpProtocol": "sctp"}, 400, "InvalidIpProtocol.ValueNotSupported",
     "The parameter IpProtocol must be specified with case insensitive TCP, UDP, ICMP, GRE or All."),
    ({"PortRange": None}, 400, "InvalidPortRange.Malformed", "The specified parameter PortRange must set."),
    ({"PortRange": "22-22"}, 400, "InvalidParam.PortRange",
     "The specified parameter PortRange is not valid. It should be two integers less than 65535 in ?/? format."),
    ({"PortRange": "0/70000"}, 400, "InvalidIpPortRange.Malformed", "The specified parameter PortRange is not valid."),
    ({"PortRange": "30/20"}, 400, "InvalidIpPortRange.Malformed", "The specified parameter PortRange is not valid."),
    ({"IpProtocol": "icmp"}, 400, "OperationDenied",
     "The specified IpProtocol does not exist or IpProtocol and PortRange do not match."),
    ({"SourcePortRange": "x"}, 400, "InvalidSourcePortRange.Malformed",
     "The specified parameter SourcePortRange is not valid."),
    ({"SourceCidrIp": "10.0.0.300/8"}, 400, "InvalidSourceCidrIp.Malformed",
     "The specified parameter SourceCidrIp is not valid."),
    ({"DestCidrIp": "nowhere"}, 400, "InvalidDestCidrIp.Malformed", "The specified parameter DestCidrIp is not valid."),
    ({"Policy": "allow"}, 400, "InvalidPolicy.Malformed", "The specified parameter Policy is not valid."),
    ({"Priority": "101"}, 400, "InvalidPriority.Malformed", "The parameter Priority is invalid."),
    ({"Priority": "0"}, 400, "InvalidPriority.Malformed", "The parameter Priority is invalid."),
    ({"NicType": "wifi"}, 400, "InvalidNicType.ValueNotSupported", "The specified NicType does not exist."),
    ({"Description": "http://x"}, 400, "InvalidSecurityGroupDiscription.Malformed",
     "The specified security group rule description is not valid."),
    ({"SourceCidrIp": None}, 400, "MissingParameter.Source",
     "One of the parameters SourceCidrIp, Ipv6SourceCidrIp, SourceGroupId or SourcePrefixListId in Permissions must be specified."),
    ({"SourceCidrIp": None, "SourcePrefixListId": "pl-bp1none"}, 400, "NotSupported.ClassicNetworkPrefixList",
     "The prefix list is not supported when the network type of security group is classic."),
    ({"SourceCidrIp": None, "SourceGroupId": "sg-bp1none"}, 404, "InvalidSourceGroupId.NotFound",
     "The SourceGroupId provided does not exist in our records."),
]  # fmt: skip


@pytest.mark.parametrize(("change", "status", "code", "message"), BAD_RULES, ids=[b[2] + str(i) for i, b in enumerate(BAD_RULES)])
def test_authorize_refuses_a_bad_rule(api: Api, change: dict[str, Any], status: int, code: str, message: str) -> None:
    group = make_classic_group(api)
    rule = {k: v for k, v in {**ssh(), **change}.items() if v is not None}
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, **rule).expect(status, code, message)
    assert permissions(api, group) == []


def test_authorize_unknown_group_and_mixed_forms(api: Api) -> None:
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId="sg-bp1nothere", **ssh()).expect(
        404, "InvalidSecurityGroupId.NotFound", "The specified SecurityGroupId does not exist.")
    group = make_classic_group(api)
    # "Parameters and their Permissions.N-prefixed counterparts cannot be specified at the same time."
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, Permissions=[ssh()],
             IpProtocol="tcp").expect(
        400, "InvalidParam.Permissions", "The specified parameter Permissions cannot coexist with other parameters.")
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, Permissions=[ssh(), ssh()]).expect(
        400, "InvalidParam.DuplicatePermissions", "There are duplicate permissions in the specified parameter Permissions.")
    api.fail("AuthorizeSecurityGroupEgress", RegionId=REGION, SecurityGroupId=group, IpProtocol="tcp",
             PortRange="22/22").expect(
        400, "MissingParameter.Dest",
        "One of the parameters DestCidrIp, Ipv6DestCidrIp, DestGroupId or DestPrefixListId in Permissions must be specified.")  # fmt: skip


def test_ipv6_rules_in_a_vpc_group(api: Api) -> None:
    group = vpc_group(api, make_vpc(api))
    authorize(api, group, IpProtocol="icmpv6", PortRange="-1/-1", Ipv6SourceCidrIp="2001:db8::/32")
    [rule] = permissions(api, group)
    assert (rule["IpProtocol"], rule["Ipv6SourceCidrIp"], rule["NicType"]) == ("ICMPV6", "2001:db8::/32", "intranet")
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, IpProtocol="icmp", PortRange="-1/-1",
             Ipv6SourceCidrIp="2001:db8::/32").expect(
        400, "InvalidParam.Ipv4ProtocolConflictWithIpv6Address", "IPv6 address cannot be specified for IPv4-specific protocol.")
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, IpProtocol="icmpv6", PortRange="-1/-1",
             SourceCidrIp="10.0.0.0/8").expect(
        400, "InvalidParam.Ipv6ProtocolConflictWithIpv4Address", "IPv4 address cannot be specified for IPv6-specific protocol.")
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, **ssh(Ipv6SourceCidrIp="2001:db8::/32")).expect(
        400, "InvalidParam.SourceIp", "The Parameters SourceCidrIp and Ipv6SourceCidrIp in Permissions cannot be set at the same time.")
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, IpProtocol="tcp", PortRange="22/22",
             Ipv6SourceCidrIp="2001:db8::zz").expect(
        400, "InvalidParam.Ipv6SourceCidrIp", "The specified parameter Ipv6SourceCidrIp is not valid.")
    # A VPC group's rules are intranet only; prefix lists are not modelled (docs/compatibility.md).
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, **ssh(NicType="internet")).expect(
        400, "InvalidNicType.ValueNotSupported", "The specified NicType does not exist.")
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, IpProtocol="tcp", PortRange="22/22",
             SourcePrefixListId="pl-bp1none").expect(404, "InvalidPrefixListId.NotFound", "The specified prefix list was not found.")  # fmt: skip


# --- group-to-group rules ------------------------------------------------------------------------------------


def test_group_to_group_rules_and_their_refusals(api: Api) -> None:
    group, peer = make_classic_group(api), make_classic_group(api)
    authorize(api, group, IpProtocol="tcp", PortRange="1/65535", SourceGroupId=peer)
    [rule] = permissions(api, group)
    # Only SourceGroupId given: NicType can only be intranet (its default then).
    assert (rule["SourceGroupId"], rule["NicType"], rule["SourceGroupName"]) == (peer, "intranet", "classic-sg")
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, IpProtocol="tcp", PortRange="80/80",
             SourceGroupId=peer, NicType="internet").expect(
        403, "InvalidSourceGroupId.Mismatch", "NicType is required or NicType expects intrnet.")
    api.fail("AuthorizeSecurityGroupEgress", RegionId=REGION, SecurityGroupId=group, IpProtocol="tcp",
             PortRange="80/80", DestGroupId=peer, NicType="internet").expect(
        403, "InvalidDestGroupId.Mismatch", "NicType is required or NicType expects intranet.")
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, IpProtocol="tcp", PortRange="80/80",
             SourceGroupId=group).expect(
        403, "InvalidParamter.Conflict", "The specified SecurityGroupId should be different from the SourceGroupId.")
    api.fail("AuthorizeSecurityGroupEgress", RegionId=REGION, SecurityGroupId=group, IpProtocol="tcp",
             PortRange="80/80", DestGroupId=group).expect(
        403, "InvalidSecurityGroup.IsSame", "The authorized SecurityGroupId should be different from the DestGroupId.")
    api.fail("AuthorizeSecurityGroupEgress", RegionId=REGION, SecurityGroupId=group, IpProtocol="tcp",
             PortRange="80/80", DestGroupId="sg-bp1none").expect(
        404, "InvalidDestGroupId.NotFound", "The DestGroupId provided does not exist in our records.")  # fmt: skip


def test_vpc_groups_peer_only_in_their_vpc(api: Api) -> None:
    vpc = make_vpc(api)
    group, same, other = vpc_group(api, vpc), vpc_group(api, vpc), vpc_group(api, make_vpc(api))
    authorize(api, group, IpProtocol="tcp", PortRange="22/22", SourceGroupId=same)
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=group, IpProtocol="tcp", PortRange="22/22",
             SourceGroupId=other).expect(
        400, "InvalidSourceGroupId.Mismatch", "Specified security group and source group are not in the same VPC.")
    api.fail("AuthorizeSecurityGroupEgress", RegionId=REGION, SecurityGroupId=group, IpProtocol="tcp",
             PortRange="22/22", DestGroupId=other).expect(
        400, "InvalidDestGroupId.Mismatch", "Specified security group and destination group are not in the same VPC.")  # fmt: skip


def test_enterprise_group_restrictions(api: Api) -> None:
    vpc = make_vpc(api)
    enterprise, normal = vpc_group(api, vpc, SecurityGroupType="enterprise"), vpc_group(api, vpc)
    # "You cannot reference security groups as sources or destinations in the rules of advanced groups."
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=enterprise, IpProtocol="tcp",
             PortRange="22/22", SourceGroupId=normal).expect(
        400, "InvalidGroupParameter.OperationDenied",
        "The attributes Policy, SourceGroupId, DestGroupId of enterprise level security groups are not allowed to be set or modified.")
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=normal, IpProtocol="tcp",
             PortRange="22/22", SourceGroupId=enterprise).expect(
        400, "InvalidGroupAuthParameter.OperationDenied", "The security group can not authorize to enterprise level security group.")
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=enterprise, **ssh(Policy="drop")).expect(
        400, "InvalidGroupParameter.OperationDenied",
        "The attributes Policy, SourceGroupId, DestGroupId of enterprise level security groups are not allowed to be set or modified.")
    authorize(api, enterprise, **ssh())  # a CIDR rule that accepts is allowed  # fmt: skip


def test_rule_quotas(api: Api) -> None:
    # "The total number of outbound and inbound rules in each security group cannot exceed 200."
    group = make_classic_group(api)
    for start_port in range(1, 201, 100):
        authorize(api, group, Permissions=[ssh(PortRange=f"{p}/{p}") for p in range(start_port, start_port + 100)])
    api.fail("AuthorizeSecurityGroupEgress", RegionId=REGION, SecurityGroupId=group, IpProtocol="tcp",
             PortRange="1/1", DestCidrIp="10.0.0.0/8").expect(
        403, "AuthorizationLimitExceed", "The limit of authorization records in the security group reaches.")
    # "You can reference up to 20 security groups ... in the rules of each basic security group."
    other = make_classic_group(api)
    peers = [make_classic_group(api) for _ in range(21)]
    authorize(api, other, Permissions=[{"IpProtocol": "all", "PortRange": "-1/-1", "SourceGroupId": p} for p in peers[:20]])
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=other, IpProtocol="all", PortRange="-1/-1",
             SourceGroupId=peers[20]).expect(
        400, "AuthorizedGroupRule.LimitExceed",
        "You have reached the limit on the number of group authorization rules that you can add to a security "
        "group.When authorization object of rule is security group, the limit is 20.")  # fmt: skip


# --- ClassicLink rules -------------------------------------------------------------------------------------


def test_classic_to_vpc_rule_needs_classiclink(api: Api) -> None:
    # api-spec §4.8: a classic group and a VPC group may authorize each other only while the VPC has
    # ClassicLink enabled (400 InvalidSecurityGroup.InvalidNetworkType otherwise).
    classic, vpc = make_classic_group(api), make_vpc(api)
    in_vpc = vpc_group(api, vpc)
    message = ("The specified security group network type is not support this operation, please check the security "
               "group network types. For VPC security groups, ClassicLink must be enabled.")
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=in_vpc, IpProtocol="tcp", PortRange="22/22",
             SourceGroupId=classic).expect(400, "InvalidSecurityGroup.InvalidNetworkType", message)
    api.fail("AuthorizeSecurityGroupEgress", RegionId=REGION, SecurityGroupId=classic, IpProtocol="tcp",
             PortRange="22/22", DestGroupId=in_vpc).expect(400, "InvalidSecurityGroup.InvalidNetworkType", message)
    api.call("EnableVpcClassicLink", RegionId=REGION, VpcId=vpc)
    authorize(api, in_vpc, IpProtocol="tcp", PortRange="22/22", SourceGroupId=classic)
    authorize(api, classic, IpProtocol="tcp", PortRange="22/22", SourceGroupId=in_vpc)
    # Our choice (docs/compatibility.md): DisableVpcClassicLink keeps the ClassicLink rules; new ones are
    # refused again.
    api.call("DisableVpcClassicLink", RegionId=REGION, VpcId=vpc)
    assert [r["SourceGroupId"] for r in permissions(api, in_vpc)] == [classic]
    assert [r["SourceGroupId"] for r in permissions(api, classic)] == [in_vpc]
    api.fail("AuthorizeSecurityGroup", RegionId=REGION, SecurityGroupId=in_vpc, IpProtocol="tcp", PortRange="80/80",
             SourceGroupId=classic).expect(400, "InvalidSecurityGroup.InvalidNetworkType", message)  # fmt: skip


# --- group attributes, references, delete -------------------------------------------------------------------


def test_modify_group_attribute_and_policy(api: Api) -> None:
    group = vpc_group(api, make_vpc(api))
    api.call("ModifySecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group, SecurityGroupName="web-tier",
             Description="front ends")  # fmt: skip
    found = api.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group)
    assert (found["SecurityGroupName"], found["Description"], found["InnerAccessPolicy"]) == ("web-tier", "front ends", "Accept")
    api.fail("ModifySecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group, SecurityGroupName="1bad").expect(
        400, "InvalidSecurityGroupName.Malformed", "Specified security group name is not valid.")
    api.call("ModifySecurityGroupPolicy", RegionId=REGION, SecurityGroupId=group, InnerAccessPolicy="Drop")
    found = api.call("DescribeSecurityGroupAttribute", RegionId=REGION, SecurityGroupId=group)
    assert found["InnerAccessPolicy"] == "Drop"


def test_references_and_delete_of_a_referenced_group(api: Api) -> None:
    group, peer = make_classic_group(api), make_classic_group(api)
    authorize(api, group, **ssh())
    authorize(api, group, IpProtocol="tcp", PortRange="80/80", SourceGroupId=peer)
    key = "SecurityGroupIds" if api.flavour == "legacy" else "SecurityGroupId"
    found = api.call("DescribeSecurityGroupReferences", RegionId=REGION, **{key: [peer, group]})
    [reference] = found["SecurityGroupReferences"]["SecurityGroupReference"]
    assert reference["SecurityGroupId"] == peer
    [referrer] = reference["ReferencingSecurityGroups"]["ReferencingSecurityGroup"]
    assert referrer["SecurityGroupId"] == group and referrer["AliUid"]
    # DeleteSecurityGroup: "The specified security group has been authorized in another one."
    api.fail("DeleteSecurityGroup", RegionId=REGION, SecurityGroupId=peer).expect(
        403, "DependencyViolation", "The specified security group has been authorized in another one.")
    api.call("DeleteSecurityGroup", RegionId=REGION, SecurityGroupId=group)  # its own rules go with it
    api.call("DeleteSecurityGroup", RegionId=REGION, SecurityGroupId=peer)


# --- join / leave ------------------------------------------------------------------------------------------


def test_join_and_leave(api: Api) -> None:
    first = make_classic_group(api)
    instance = make_instance(api, first)
    others = [make_classic_group(api) for _ in range(5)]
    for group in others[:4]:
        api.call("JoinSecurityGroup", RegionId=REGION, SecurityGroupId=group, InstanceId=instance)
    described = api.call("DescribeInstances", RegionId=REGION, InstanceIds=f'["{instance}"]')["Instances"]["Instance"][0]
    assert described["SecurityGroupIds"]["SecurityGroupId"] == [first, *others[:4]]
    # "An instance can be added to up to five security groups by default."
    api.fail("JoinSecurityGroup", RegionId=REGION, SecurityGroupId=others[4], InstanceId=instance).expect(
        400, "InstanceSecurityGroupLimitExceeded", "Exceeding the allowed amount of security groups that an instance can be in.")
    api.fail("JoinSecurityGroup", RegionId=REGION, SecurityGroupId=first, InstanceId=instance).expect(
        403, "InvalidInstanceId.AlreadyExists", "The specified instance already exists in the specified security group.")
    for group in [first, *others[:3]]:
        api.call("LeaveSecurityGroup", RegionId=REGION, SecurityGroupId=group, InstanceId=instance)
    api.fail("LeaveSecurityGroup", RegionId=REGION, SecurityGroupId=others[3], InstanceId=instance).expect(
        403, "InstanceLastSecurityGroup", "The specified security group is the last security group for the instance.")
    api.fail("LeaveSecurityGroup", RegionId=REGION, SecurityGroupId=first, InstanceId=instance).expect(
        403, "InstanceNotInSecurityGroup", "The instance not in the group.")
    api.fail("JoinSecurityGroup", RegionId=REGION, SecurityGroupId=first, InstanceId="i-bp1nothere").expect(
        404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist.")
    api.fail("JoinSecurityGroup", RegionId=REGION, SecurityGroupId=first, NetworkInterfaceId="eni-bp1none").expect(
        404, "InvalidEniId.NotFound", "The specified EniId is not found.")  # fmt: skip


def test_join_needs_the_same_network(api: Api) -> None:
    classic_instance = make_instance(api, make_classic_group(api))
    vpc = make_vpc(api)
    in_vpc = vpc_group(api, vpc)
    # "The security group and the instance must be of the same network type ... in the same VPC."
    api.fail("JoinSecurityGroup", RegionId=REGION, SecurityGroupId=in_vpc, InstanceId=classic_instance).expect(
        400, "InvalidInstanceId.Mismatch", "Specified instance and security group are not in the same VPC.")
    vpc_instance = make_instance(api, in_vpc, VSwitchId=vswitch(api, vpc))
    api.fail("JoinSecurityGroup", RegionId=REGION, SecurityGroupId=vpc_group(api, make_vpc(api)),
             InstanceId=vpc_instance).expect(
        400, "InvalidInstanceId.Mismatch", "Specified instance and security group are not in the same VPC.")
    api.call("JoinSecurityGroup", RegionId=REGION, SecurityGroupId=vpc_group(api, vpc), InstanceId=vpc_instance)


def test_describe_security_groups_counts_rules(api: Api) -> None:
    group, peer = make_classic_group(api), make_classic_group(api)
    authorize(api, group, **ssh())
    authorize(api, group, IpProtocol="tcp", PortRange="80/80", SourceGroupId=peer)
    found = api.call("DescribeSecurityGroups", RegionId=REGION, SecurityGroupId=group)["SecurityGroups"]["SecurityGroup"]
    assert (found[0]["RuleCount"], found[0]["GroupToGroupRuleCount"]) == (2, 1)


def test_client_token_retry_adds_one_rule(api: Api) -> None:
    group = make_classic_group(api)
    token = uuid.uuid4().hex
    authorize(api, group, ClientToken=token, **ssh())
    authorize(api, group, ClientToken=token, **ssh())
    assert len(permissions(api, group)) == 1
