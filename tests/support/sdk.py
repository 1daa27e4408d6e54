"""One way to call any action through each official SDK flavour, so a test can be parametrized over them.

Flavours (sdk-wire §1–2):
- ``legacy``: aliyunsdkcore with the typed request classes of aliyunsdkvpc / aliyunsdkecs (signature V1);
- ``tea``: the Tea clients alibabacloud_vpc20160428 / alibabacloud_ecs20140526 (signature V3);
- ``tea-v2``: the same Tea clients with ``signature_algorithm="v2"`` (signature V1).

``api.call(action, Param=value, ...)`` returns the response fields by their wire names (what the typed
response model kept, for Tea); ``api.call(request)`` sends a prepared aliyunsdk* request object as it is
(legacy flavour); ``api.fail(...)`` returns a ``Failure`` with what the SDK's exception
exposes (sdk-wire §5). ``generic_fail`` sends through the SDK's untyped path (legacy CommonRequest, Tea
``call_api``), which can omit parameters a typed request would always carry.
"""

from __future__ import annotations

import importlib
import json
import re
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_ecs20140526.client import Client as TeaEcs
from alibabacloud_tea_openapi import utils_models as tea_util_models
from alibabacloud_tea_openapi.models import Config
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as TeaVpc
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest, RpcRequest
from darabonba.runtime import RuntimeOptions
from Tea.exceptions import TeaException

ACCESS_KEY_ID = "testid"
ACCESS_KEY_SECRET = "testsecret"
REGION = "cn-hangzhou"
VPC_VERSION = "2016-04-28"
ECS_VERSION = "2014-05-26"
FLAVOURS = ("legacy", "tea", "tea-v2")
# Real RequestIds are upper-case UUIDs (api-spec §5.6).
REQUEST_ID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")

# Actions this project serves from the VPC product; everything else goes to ECS. ECS 2014-05-26 also
# defines some VPC names (CreateVpc ...), so the product is chosen here, not guessed by the server.
VPC_ACTIONS = frozenset(
    {
        "CreateVpc", "DeleteVpc", "DescribeVpcs", "CreateDefaultVpc", "CreateDefaultVSwitch", "DescribeRouteTableList", "DescribeVpcAttribute", "ModifyVpcAttribute",
        "EnableVpcClassicLink", "DisableVpcClassicLink", "CreateVSwitch", "DeleteVSwitch", "DescribeVSwitches", "DescribeVSwitchAttributes",
        "DescribeRouteTables", "CreateRouteEntry", "DeleteRouteEntry", "DescribeRouteEntryList",
        "AllocateEipAddress", "AssociateEipAddress", "UnassociateEipAddress", "ReleaseEipAddress",
        "DescribeEipAddresses", "ModifyEipAddressAttribute", "DescribeVRouters", "ModifyVSwitchAttribute",
        "AssociateVpcCidrBlock", "UnassociateVpcCidrBlock", "ModifyRouteTableAttributes", "ModifyRouteEntry", "MoveResourceGroup",
    }
)  # fmt: skip


def product_of(action: str) -> tuple[str, str]:
    """(product code, API version) serving ``action``."""
    return ("Vpc", VPC_VERSION) if action in VPC_ACTIONS else ("Ecs", ECS_VERSION)


def snake(name: str) -> str:
    """DisableVpcClassicLink -> disable_vpc_classic_link (the Tea client's method names)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


@dataclass
class Failure:
    """A refused call, as the SDK reports it."""

    flavour: str
    status: int
    code: str
    message: str  # the server's Message
    request_id: str
    sdk_message: str  # what the exception calls its message (Tea wraps the server's)
    body: dict[str, Any] = field(default_factory=dict)  # the parsed error body, where the SDK keeps it
    exception: str = ""  # the exception's class name, when recorded

    def expect(self, status: int, code: str, message: str) -> None:
        """Assert the documented status, code and message, and how this SDK exposes them (sdk-wire §5)."""
        assert (self.status, self.code, self.message) == (status, code, message), self
        assert REQUEST_ID.fullmatch(self.request_id), self.request_id
        if self.flavour == "legacy":
            assert self.sdk_message == message
        else:
            assert self.sdk_message == f"code: {status}, {message} request id: {self.request_id}"
            assert self.body["Code"] == code and self.body["Message"] == message
            assert self.body["RequestId"] == self.request_id and self.body["statusCode"] == status
            if self.exception:
                # Tea raises ClientException for 4xx and ServerException for 5xx.
                assert self.exception == ("ServerException" if status >= 500 else "ClientException"), self.exception


def tea_config(endpoint: str, key: str = ACCESS_KEY_ID, secret: str = ACCESS_KEY_SECRET, region: str = REGION,
               v2: bool = False) -> Config:  # fmt: skip
    """The official SDKs, unchanged, pointed at a local server (sdk-wire §1)."""
    config = Config(access_key_id=key, access_key_secret=secret, region_id=region, endpoint=endpoint,
                    protocol="http")  # fmt: skip
    if v2:
        config.signature_algorithm = "v2"
    return config


def tea_vpc(endpoint: str, **kwargs: Any) -> TeaVpc:
    return TeaVpc(tea_config(endpoint, **kwargs))


def tea_ecs(endpoint: str, **kwargs: Any) -> TeaEcs:
    return TeaEcs(tea_config(endpoint, **kwargs))


class Api:
    """Calls through one SDK flavour against one endpoint, with one AccessKey."""

    def __init__(self, flavour: str, endpoint: str, key: str = ACCESS_KEY_ID, secret: str = ACCESS_KEY_SECRET,
                 region: str = REGION) -> None:  # fmt: skip
        if flavour not in FLAVOURS:
            raise ValueError(flavour)
        self.flavour, self.endpoint, self.region = flavour, endpoint, region
        self._legacy = AcsClient(key, secret, region, auto_retry=False)
        v2 = flavour == "tea-v2"
        self._tea = {
            "Vpc": tea_vpc(endpoint, key=key, secret=secret, region=region, v2=v2),
            "Ecs": tea_ecs(endpoint, key=key, secret=secret, region=region, v2=v2),
        }

    def __repr__(self) -> str:
        return f"Api({self.flavour})"

    # --- typed requests ---

    def call(self, action: str | RpcRequest, **params: Any) -> dict[str, Any]:
        """Send through the typed request class / model; the response fields by wire name. A prepared
        aliyunsdk* request object (legacy flavour only) is sent as it is."""
        if isinstance(action, RpcRequest):
            assert self.flavour == "legacy" and not params, "a prepared request goes through the legacy SDK"
            action.set_endpoint(self.endpoint)
            action.set_protocol_type("http")
            return json.loads(self._legacy.do_action_with_exception(action))  # type: ignore[no-any-return]
        if self.flavour == "legacy":
            return json.loads(self._legacy.do_action_with_exception(self.legacy_request(action, params)))  # type: ignore[no-any-return]
        product, _ = product_of(action)
        models = vpc_models if product == "Vpc" else ecs_models
        request = getattr(models, f"{action}Request")().from_map(params)
        client = self._tea[product]
        # The Tea clients spell digits their own way (assign_ipv_6addresses): matched without underscores.
        method = getattr(client, snake(action), None) or getattr(
            client, next(n for n in dir(client) if n.replace("_", "") == action.lower()))
        response = method(request)
        assert response.status_code == 200
        return response.body.to_map()  # type: ignore[no-any-return]

    def fail(self, action: str | RpcRequest, **params: Any) -> Failure:
        return self._failure(lambda: self.call(action, **params))

    def send_legacy(self, request: Any) -> bytes:
        """The raw body of a prepared legacy request, success or error, in the format it asked for.

        ``do_action_with_exception`` forces ``Format=JSON``; only the deprecated ``do_action`` sends the
        request's own ``set_accept_format("XML")`` and hands back whatever body came.
        """
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return self._legacy.do_action(request)  # type: ignore[no-any-return]

    def legacy_request(self, action: str, params: dict[str, Any]) -> Any:
        """The typed aliyunsdk* request with each parameter set through its own setter where it has one."""
        product, version = product_of(action)
        module = importlib.import_module(f"aliyunsdk{product.lower()}.request.v{version.replace('-', '')}.{action}Request")
        request = getattr(module, f"{action}Request")()
        for name, value in params.items():
            setter = getattr(request, f"set_{name}", None)
            if setter is not None:
                setter(value)
            else:  # RegionId: the client's region fills it unless the request names one
                request.add_query_param(name, value)
        request.set_endpoint(self.endpoint)
        request.set_protocol_type("http")
        return request

    # --- untyped requests ---

    def generic_call(self, action: str, **params: Any) -> dict[str, Any]:
        """legacy CommonRequest (POST) / Tea call_api: only the parameters given are sent."""
        product, version = product_of(action)
        if self.flavour == "legacy":
            request = CommonRequest(domain=self.endpoint, version=version, action_name=action, product=product)
            request.set_method("POST")
            request.set_protocol_type("http")
            for name, value in params.items():
                request.add_query_param(name, value)
            return json.loads(self._legacy.do_action_with_exception(request))  # type: ignore[no-any-return]
        api = tea_util_models.Params(action=action, version=version, protocol="HTTP", pathname="/", method="POST",
                                     auth_type="AK", style="RPC", req_body_type="formData", body_type="json")  # fmt: skip
        request = tea_util_models.OpenApiRequest(query={k: str(v) for k, v in params.items()})
        result = self._tea[product].call_api(api, request, RuntimeOptions())
        return result["body"]  # type: ignore[no-any-return]

    def generic_fail(self, action: str, **params: Any) -> Failure:
        return self._failure(lambda: self.generic_call(action, **params))

    def _failure(self, send: Callable[[], Any]) -> Failure:
        try:
            send()
        except ServerException as e:
            return Failure(self.flavour, e.get_http_status(), e.get_error_code(), e.get_error_msg(),
                           e.get_request_id(), e.get_error_msg(), exception=type(e).__name__)  # fmt: skip
        except TeaException as e:
            data = dict(e.data or {})
            return Failure(self.flavour, e.status_code, e.code, data.get("Message", ""), e.request_id or "",
                           e.message, data, exception=type(e).__name__)  # fmt: skip
        raise AssertionError(f"{self.flavour}: the call succeeded; an error was expected")


# --- building a world of resources through any flavour ---

INSTANCE_TYPE = "ecs.t1.small"
IMAGE_ID = "centos_7_9_x64_20G_alibase_20230718.vhd"


def wait_for(check: Callable[[], bool], timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def vpc_status(api: Api, vpc_id: str, region: str = REGION) -> str:
    vpcs = api.call("DescribeVpcs", RegionId=region, VpcId=vpc_id)["Vpcs"]["Vpc"]
    assert [v["VpcId"] for v in vpcs] == [vpc_id]
    return str(vpcs[0]["Status"])


def instance_status(api: Api, instance_id: str, region: str = REGION) -> str:
    found = api.call("DescribeInstances", RegionId=region, InstanceIds=json.dumps([instance_id]))
    instances = found["Instances"]["Instance"]
    assert [i["InstanceId"] for i in instances] == [instance_id]
    return str(instances[0]["Status"])


def make_vpc(api: Api, region: str = REGION, enable: bool = False, wait: bool = True, **extra: Any) -> str:
    vpc_id = str(api.call("CreateVpc", RegionId=region, CidrBlock="172.16.0.0/12", **extra)["VpcId"])
    if wait:
        wait_for(lambda: vpc_status(api, vpc_id, region) == "Available", what=f"{vpc_id} Available")
    if enable:
        api.call("EnableVpcClassicLink", RegionId=region, VpcId=vpc_id)
    return vpc_id


def classic_link_enabled(api: Api, vpc_id: str, region: str = REGION) -> bool:
    value = api.call("DescribeVpcAttribute", RegionId=region, VpcId=vpc_id)["ClassicLinkEnabled"]
    assert isinstance(value, bool)
    return value


def make_classic_group(api: Api, region: str = REGION) -> str:
    """A classic-network security group: created without VpcId (api-spec §4.8)."""
    return str(api.call("CreateSecurityGroup", RegionId=region, SecurityGroupName="classic-sg")["SecurityGroupId"])


def make_instance(api: Api, group_id: str, region: str = REGION, status: str | None = "Stopped",
                  **extra: Any) -> str:  # fmt: skip
    """CreateInstance; classic unless ``VSwitchId`` is given (api-spec §4.5). Waits for ``status`` unless None."""
    created = api.call("CreateInstance", RegionId=region, InstanceType=INSTANCE_TYPE, ImageId=IMAGE_ID,
                       SecurityGroupId=group_id, **extra)  # fmt: skip
    instance_id = str(created["InstanceId"])
    if status is not None:
        wait_for(lambda: instance_status(api, instance_id, region) == status, what=f"{instance_id} {status}")
    return instance_id


def start(api: Api, instance_id: str, region: str = REGION, wait: bool = True) -> None:
    api.call("StartInstance", RegionId=region, InstanceId=instance_id)
    if wait:
        wait_for(lambda: instance_status(api, instance_id, region) == "Running", what=f"{instance_id} Running")


def stop(api: Api, instance_id: str, region: str = REGION, wait: bool = True) -> None:
    api.call("StopInstance", RegionId=region, InstanceId=instance_id)
    if wait:
        wait_for(lambda: instance_status(api, instance_id, region) == "Stopped", what=f"{instance_id} Stopped")


def running_classic_instance(api: Api, region: str = REGION) -> str:
    instance_id = make_instance(api, make_classic_group(api, region), region)
    start(api, instance_id, region)
    return instance_id


def links_of(api: Api, vpc_id: str, region: str = REGION) -> list[tuple[str, str]]:
    found = api.call("DescribeClassicLinkInstances", RegionId=region, VpcId=vpc_id, PageSize=100)
    return sorted((link["InstanceId"], link["VpcId"]) for link in found["Links"]["Link"])

