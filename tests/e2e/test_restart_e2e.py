"""State survives a restart: a second server on the same database (the suite's backend) sees what the first
one wrote."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest

from classiclink.store.migrations import MIGRATIONS
from support.raw import read_only
from support.sdk import Api, classic_link_enabled, links_of, make_vpc, running_classic_instance
from support.server import ServerProcess

pytestmark = pytest.mark.e2e

REGION = "cn-hangzhou"


def vpc_ids(api: Api) -> list[str]:
    body = api.call("DescribeVpcs", RegionId=REGION, PageSize=50)
    assert body["TotalCount"] == len(body["Vpcs"]["Vpc"])
    return sorted(v["VpcId"] for v in body["Vpcs"]["Vpc"])


@pytest.mark.parametrize("flavour", ["legacy", "tea"])
def test_state_survives_restart(make_server: Callable[..., ServerProcess], database: str, flavour: str) -> None:
    first = make_server("--transition-delay", "0", database=database)
    api = Api(flavour, first.endpoint)

    token = "restart-token-0001"
    created = api.call("CreateVpc", RegionId=REGION, CidrBlock="10.0.0.0/8", VpcName="durable", ClientToken=token)
    vpc_id = created["VpcId"]
    api.call("EnableVpcClassicLink", RegionId=REGION, VpcId=vpc_id)
    plain_vpc = make_vpc(api)  # not enabled: the flag must come back False, not just "whatever was last"
    instance_id = running_classic_instance(api)
    api.call("AttachClassicLinkVpc", RegionId=REGION, InstanceId=instance_id, VpcId=vpc_id)
    before = vpc_ids(api)
    first.stop()

    second = make_server("--transition-delay", "0", database=database)
    api = Api(flavour, second.endpoint)
    assert classic_link_enabled(api, vpc_id) is True
    assert classic_link_enabled(api, plain_vpc) is False
    assert links_of(api, vpc_id) == [(instance_id, vpc_id)]
    attribute = api.call("DescribeVpcAttribute", RegionId=REGION, VpcId=vpc_id)
    assert (attribute["VpcName"], attribute["CidrBlock"], attribute["Status"]) == ("durable", "10.0.0.0/8", "Available")

    # The ClientToken is remembered across the restart: the retry answers the first VpcId and creates nothing.
    again = api.call("CreateVpc", RegionId=REGION, CidrBlock="10.0.0.0/8", VpcName="durable", ClientToken=token)
    assert again["VpcId"] == vpc_id
    assert vpc_ids(api) == before

    # The link still binds: ClassicLink cannot be disabled until the instance is detached.
    api.fail("DisableVpcClassicLink", RegionId=REGION, VpcId=vpc_id).expect(
        404, "DependencyViolation.Instance", "ClassicLink Instances exist in VPC."
    )
    second.stop()

    with contextlib.closing(read_only(database)) as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == sorted(version for version, _, _ in MIGRATIONS)


def test_restart_without_instances(make_server: Callable[..., ServerProcess], database: str) -> None:
    """The VPC half on its own, so it runs even before the ECS instance actions exist."""
    first = make_server("--transition-delay", "0", database=database)
    api = Api("tea-v2", first.endpoint)
    vpc_id = make_vpc(api, enable=True, ClientToken="restart-token-0002")
    first.stop()

    second = make_server("--transition-delay", "0", database=database)
    api = Api("tea-v2", second.endpoint)
    assert classic_link_enabled(api, vpc_id) is True
    again = api.call("CreateVpc", RegionId=REGION, CidrBlock="172.16.0.0/12", ClientToken="restart-token-0002")
    assert again["VpcId"] == vpc_id
    assert vpc_ids(api) == [vpc_id]
    # Same token, other parameters: refused, also after the restart (api-spec §5.10).
    api.fail("CreateVpc", RegionId=REGION, CidrBlock="192.168.0.0/16", ClientToken="restart-token-0002").expect(
        400, "IdempotentParameterMismatch", "The request is retried with updated parameters."
    )
    assert vpc_ids(api) == [vpc_id]
