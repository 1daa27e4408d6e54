"""Every parameter an official SDK can send for one of our actions is declared by that action.

The gateway ignores an undeclared parameter as the real one does, and refuses it with 400
``UnsupportedParameter`` under ``--strict-parameters``; a parameter the SDKs know but an action forgot
would be silently dropped by default and would turn a valid SDK call into an error in strict mode. For each
registered (version, action) this collects the wire names the SDKs write, with every field set:

- legacy (aliyun-python-sdk-vpc / -ecs): each ``set_*`` of ``<Action>Request`` called with a value that
  is at once a string, a one-element list and a dict, so repeat-list setters expand to ``Name.1.Field``;
- Tea (alibabacloud_vpc20160428 / alibabacloud_ecs20140526): ``<Action>Request`` with every field set
  (nested models and lists filled recursively), sent through the client's ``<action>_with_options``
  with ``call_api`` replaced by a recorder, so the names are the client's own flattening (``Tag.1.Key``,
  ``SystemDisk.Category``, JSON-encoded lists) exactly as they reach the wire.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from alibabacloud_tea_openapi.models import Config
from darabonba.runtime import RuntimeOptions

from classiclink.actions import load_all
from classiclink.actions.spec import PRODUCTS, REGISTRY, ActionSpec

load_all()

LEGACY_PACKAGE = {"Vpc": "aliyunsdkvpc", "Ecs": "aliyunsdkecs", "Sts": "aliyunsdksts"}
TEA_PACKAGE = {"Vpc": "alibabacloud_vpc20160428", "Ecs": "alibabacloud_ecs20140526", "Sts": "alibabacloud_sts20150401"}


class Anything:
    """A setter argument that is any shape a setter asks for: one-element list, dict, string."""

    def __len__(self) -> int:
        return 1

    def __iter__(self) -> Iterator[Anything]:
        yield Anything()

    def __getitem__(self, key: object) -> Anything:
        return Anything()

    def get(self, key: str, default: object = None) -> Anything:
        return Anything()

    def __str__(self) -> str:
        return "x"


def legacy_names(version: str, action: str) -> set[str]:
    product = PRODUCTS[version]
    module = importlib.import_module(f"{LEGACY_PACKAGE[product]}.request.v{version.replace('-', '')}.{action}Request")
    cls = getattr(module, f"{action}Request")
    request = cls()
    setters = [fn for name, fn in vars(cls).items() if name.startswith("set_") and callable(fn)]
    assert setters, f"{cls.__name__} has no setters"
    for setter in setters:
        setter(request, Anything())
    return set(request.get_query_params() or {}) | set(request.get_body_params() or {})


def _filled(cls: type) -> Any:
    """An instance of a Tea model with every field set, recursively."""
    hints = typing.get_type_hints(cls.__init__, globalns=vars(sys.modules[cls.__module__]))
    return cls(**{name: _value(hint) for name, hint in hints.items() if name != "return"})


def _value(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin is list:
        return [_value(typing.get_args(hint)[0])]
    if origin is dict:
        return {"k": "v"}
    simple = {str: "x", bool: True, int: 1, float: 1.0, typing.Any: "x"}
    if hint in simple:
        return simple[hint]
    if inspect.isclass(hint):
        return _filled(hint)
    raise TypeError(f"no value for {hint!r}")


class _Sent(Exception):
    pass


def tea_names(version: str, action: str) -> set[str]:
    package = TEA_PACKAGE[PRODUCTS[version]]
    models = importlib.import_module(f"{package}.models")
    client_module = importlib.import_module(f"{package}.client")
    config = Config(access_key_id="testid", access_key_secret="testsecret", region_id="cn-hangzhou",
                    endpoint="127.0.0.1:1", protocol="http")  # fmt: skip
    client = client_module.Client(config)
    sent: dict[str, Any] = {}

    def record(params: Any, request: Any, runtime: Any) -> None:
        sent["query"], sent["body"] = request.query or {}, request.body
        raise _Sent

    client.call_api = record
    method_name = next(n for n in dir(client) if n.replace("_", "") == f"{action.lower()}withoptions")
    with pytest.raises(_Sent):
        getattr(client, method_name)(_filled(getattr(models, f"{action}Request")), RuntimeOptions())
    names = set(sent["query"])
    if isinstance(sent["body"], dict):
        names |= set(sent["body"])
    return names


# Actions without parameters (GetCallerIdentity) have no setters or request model to collect from.
ACTIONS = sorted(key for key, spec in REGISTRY.items() if spec.params)


def test_the_registry_has_the_classiclink_actions() -> None:
    # A guard against a vacuous pass: the collection below must cover the actions this project serves.
    for key in [("2016-04-28", "EnableVpcClassicLink"), ("2014-05-26", "AttachClassicLinkVpc"),
                ("2016-04-28", "CreateVpc"), ("2014-05-26", "DescribeClassicLinkInstances")]:  # fmt: skip
        assert key in REGISTRY


def test_the_collectors_see_nested_and_repeat_list_names() -> None:
    legacy = legacy_names("2014-05-26", "RunInstances")
    tea = tea_names("2014-05-26", "RunInstances")
    for names in (legacy, tea):
        assert {"Tag.1.Key", "Tag.1.Value", "DataDisk.1.Size", "SystemDisk.Category", "ImageId"} <= names
        assert "NetworkInterface.1.SecurityGroupIds.1" in names
    assert {"VpcId", "ClientToken"} <= legacy_names("2016-04-28", "EnableVpcClassicLink")


def test_known_matches_indexed_patterns_only_at_index_positions() -> None:
    spec = REGISTRY[("2014-05-26", "RunInstances")]
    # Arn.N.* is accepted and ignored: an indexed pattern.
    assert spec.known("Arn.3.Rolearn") and spec.known("Arn.12.AssumeRoleFor")
    assert not spec.known("Arn.N.Rolearn") and not spec.known("Arn.0.Rolearn")
    assert not spec.known("Arn.1.Colour") and not spec.known("NoSuchParameter")
    # DataDisk.N.* and NetworkInterface.N.* are modelled repeat lists: their unknown fields are refused by
    # parse(), like Tag.N.Colour.
    assert spec.known("DataDisk.3.Size")
    assert spec.known("NetworkInterface.3.VSwitchId") and spec.known("NetworkInterface.2.SecurityGroupIds.5")


def _undeclared(spec: ActionSpec, names: set[str]) -> list[str]:
    return sorted(n for n in names if not spec.known(n))


@pytest.mark.parametrize(("version", "action"), ACTIONS, ids=[f"{v}-{a}" for v, a in ACTIONS])
def test_every_legacy_sdk_parameter_is_declared(version: str, action: str) -> None:
    assert _undeclared(REGISTRY[(version, action)], legacy_names(version, action)) == []


@pytest.mark.parametrize(("version", "action"), ACTIONS, ids=[f"{v}-{a}" for v, a in ACTIONS])
def test_every_tea_sdk_parameter_is_declared(version: str, action: str) -> None:
    assert _undeclared(REGISTRY[(version, action)], tea_names(version, action)) == []
