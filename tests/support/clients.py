"""The official SDKs, unchanged, pointed at a local server (sdk-wire §1)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from alibabacloud_ecs20140526.client import Client as TeaEcs
from alibabacloud_tea_openapi.models import Config
from alibabacloud_vpc20160428.client import Client as TeaVpc
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import RpcRequest

ACCESS_KEY_ID = "testid"
ACCESS_KEY_SECRET = "testsecret"
REGION = "cn-hangzhou"


@dataclass
class LegacyError:
    """What aliyunsdkcore's ServerException exposes."""

    status: int
    code: str
    message: str
    request_id: str


class Legacy:
    """aliyun-python-sdk-core with the typed request classes of aliyun-python-sdk-ecs / -vpc (signature V1)."""

    def __init__(self, endpoint: str, key: str = ACCESS_KEY_ID, secret: str = ACCESS_KEY_SECRET,
                 region: str = REGION) -> None:  # fmt: skip
        self.endpoint = endpoint
        self.client = AcsClient(key, secret, region, auto_retry=False)

    def call(self, request: RpcRequest) -> dict[str, Any]:
        request.set_endpoint(self.endpoint)
        request.set_protocol_type("http")
        return json.loads(self.client.do_action_with_exception(request))  # type: ignore[no-any-return]

    def error(self, request: RpcRequest) -> LegacyError:
        try:
            self.call(request)
        except ServerException as e:
            return LegacyError(e.get_http_status(), e.get_error_code(), e.get_error_msg(), e.get_request_id())
        raise AssertionError("the call succeeded; an error was expected")


def tea_config(endpoint: str, key: str = ACCESS_KEY_ID, secret: str = ACCESS_KEY_SECRET, region: str = REGION,
               v2: bool = False) -> Config:  # fmt: skip
    config = Config(access_key_id=key, access_key_secret=secret, region_id=region, endpoint=endpoint,
                    protocol="http")  # fmt: skip
    if v2:
        config.signature_algorithm = "v2"
    return config


def tea_vpc(endpoint: str, **kwargs: Any) -> TeaVpc:
    return TeaVpc(tea_config(endpoint, **kwargs))


def tea_ecs(endpoint: str, **kwargs: Any) -> TeaEcs:
    return TeaEcs(tea_config(endpoint, **kwargs))
