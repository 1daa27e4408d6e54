"""Resources the ECS end-to-end tests build through the legacy SDK: security groups, vSwitches, instances."""

from __future__ import annotations

from typing import Any

from aliyunsdkecs.request.v20140526.CreateInstanceRequest import CreateInstanceRequest
from aliyunsdkecs.request.v20140526.CreateSecurityGroupRequest import CreateSecurityGroupRequest
from aliyunsdkvpc.request.v20160428.CreateVpcRequest import CreateVpcRequest
from aliyunsdkvpc.request.v20160428.CreateVSwitchRequest import CreateVSwitchRequest

from support.sdk import Api

INSTANCE_TYPE = "ecs.g6.large"
IMAGE = "ubuntu_22_04_x64_20G_alibase_20230907.vhd"


def new_group(legacy: Api, vpc_id: str = "", name: str = "") -> str:
    request = CreateSecurityGroupRequest()
    if vpc_id:
        request.set_VpcId(vpc_id)
    if name:
        request.set_SecurityGroupName(name)
    return str(legacy.call(request)["SecurityGroupId"])


def new_instance(legacy: Api, group_id: str, vswitch_id: str = "", **setters: Any) -> str:
    request = CreateInstanceRequest()
    request.set_InstanceType(INSTANCE_TYPE)
    request.set_ImageId(IMAGE)
    request.set_SecurityGroupId(group_id)
    if vswitch_id:
        request.set_VSwitchId(vswitch_id)
    for name, value in setters.items():
        getattr(request, f"set_{name}")(value)
    return str(legacy.call(request)["InstanceId"])


def new_vswitch(legacy: Api, cidr: str = "172.16.1.0/24", zone: str = "cn-hangzhou-i") -> tuple[str, str]:
    """A new VPC (172.16.0.0/16) with one vSwitch: (VPC id, vSwitch id)."""
    vpc = CreateVpcRequest()
    vpc.set_CidrBlock("172.16.0.0/16")
    vpc_id = str(legacy.call(vpc)["VpcId"])
    vswitch = CreateVSwitchRequest()
    vswitch.set_VpcId(vpc_id)
    vswitch.set_ZoneId(zone)
    vswitch.set_CidrBlock(cidr)
    return vpc_id, str(legacy.call(vswitch)["VSwitchId"])
