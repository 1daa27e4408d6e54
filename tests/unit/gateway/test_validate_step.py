"""The validation step: an undeclared parameter is ignored, as the real gateway ignores it, or with
``strict_parameters`` refused with 400 ``UnsupportedParameter`` naming it, before the action's own parameter
errors; common parameters are always accepted."""

from __future__ import annotations

import pytest

from classiclink import errors
from classiclink.actions import load_all
from classiclink.actions.spec import REGISTRY
from classiclink.gateway.context import Exchange, Identity, RequestContext, Runtime
from classiclink.gateway.validate import parse_arguments
from classiclink.http import HttpRequest
from classiclink.settings import Settings
from classiclink.store.memory import MemoryStore

load_all()
SIGNED = {"Action": "CreateVpc", "Version": "2016-04-28", "Format": "JSON", "AccessKeyId": "testid",
          "Signature": "s", "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": "n",
          "Timestamp": "2026-01-01T00:00:00Z", "SignatureType": "", "RegionId": "cn-hangzhou"}  # fmt: skip


def parse(action: str, version: str, strict: bool = False, **params: str) -> Exchange:
    ctx = RequestContext(http=HttpRequest("POST", "/", [], [], b"", {}), request_id="R", now=0.0, host_id="h")
    ctx.spec = REGISTRY[(version, action)]
    ctx.identity = Identity(account_id="1000000000000001", access_key_id="testid")
    ctx.params = {**SIGNED, "Action": action, "Version": version, **params}
    return parse_arguments(ctx, Runtime(settings=Settings(strict_parameters=strict), store=MemoryStore()))


UNDECLARED = ["on", "Vpcname", "vpcId", "CidrBlock2", "Tags.1.Key", "", "Foo", "DataDisk.1.Size"]


@pytest.mark.parametrize("name", UNDECLARED)
def test_an_undeclared_parameter_is_ignored(name: str) -> None:
    ctx = parse("CreateVpc", "2016-04-28", **{name: "x"})
    assert name not in ctx.args and ctx.args["VpcName"] == ""


@pytest.mark.parametrize("name", UNDECLARED)
def test_strict_parameters_refuses_an_undeclared_parameter_by_name(name: str) -> None:
    with pytest.raises(errors.UnsupportedParameter) as caught:
        parse("CreateVpc", "2016-04-28", strict=True, **{name: "x"})
    assert (caught.value.code, caught.value.status, caught.value.text) == (
        "UnsupportedParameter", 400, f'The parameter "{name}" is unsupported by this action.'
    )  # fmt: skip


def test_unsupported_comes_before_missing_and_invalid() -> None:
    # DeleteVpc needs VpcId, and DryRun must be a boolean: the undeclared name is reported first.
    with pytest.raises(errors.UnsupportedParameter):
        parse("DeleteVpc", "2016-04-28", strict=True, DryRun="maybe", Bogus="1")


def test_an_ignored_parameter_does_not_hide_the_actions_own_errors() -> None:
    with pytest.raises(errors.MissingParameter):
        parse("DeleteVpc", "2016-04-28", Bogus="1")


def test_common_owner_and_sts_parameters_are_accepted() -> None:
    ctx = parse("DescribeVpcs", "2016-04-28", OwnerId="1", OwnerAccount="a", ResourceOwnerId="2",
                ResourceOwnerAccount="b", SecurityToken="t", CallerParentId="3")  # fmt: skip
    assert ctx.scope.region_id == "cn-hangzhou"


def test_declared_repeat_lists_and_indexed_names_are_accepted() -> None:
    ctx = parse("CreateVpc", "2016-04-28", **{"Tag.1.Key": "k", "Tag.1.Value": "v", "EnableDnsHostname": "true"})
    assert ctx.args["Tag"] == [{"Key": "k", "Value": "v"}]
    parse("RunInstances", "2014-05-26", ImageId="img", InstanceType="ecs.t1", SecurityGroupId="sg-1",
          **{"DataDisk.2.Size": "40", "NetworkInterface.1.SecurityGroupIds.3": "sg-2", "SecurityGroupIds.1": "sg"})  # fmt: skip


def test_a_repeat_list_field_the_action_does_not_know_is_invalid() -> None:
    with pytest.raises(errors.InvalidParameter):
        parse("CreateVpc", "2016-04-28", **{"Tag.1.Colour": "blue"})


@pytest.mark.parametrize("raw", ["[" * 5000 + "]" * 5000, '["i-1\\u0000"]', '["\\ud800"]', '["a\\u001b"]'])
def test_json_lists_refuse_deep_nesting_and_escaped_control_characters(raw: str) -> None:
    # Deep nesting used to escape as a RecursionError (a 500); escapes must not bring back what raw values can't hold.
    with pytest.raises(errors.InvalidParameter) as caught:
        parse("DescribeInstances", "2014-05-26", InstanceIds=raw)
    assert caught.value.text == 'The specified parameter "InstanceIds" is not valid.'


def test_the_raw_name_and_value_rules_come_first() -> None:
    with pytest.raises(errors.InvalidParameter) as caught:
        parse("CreateVpc", "2016-04-28", Bogus="a\x00")
    assert caught.value.text == 'The specified parameter "Bogus" is not valid.'
    with pytest.raises(errors.InvalidParameter):
        parse("CreateVpc", "2016-04-28", VpcName="x" * 8193)
