"""Declarative action descriptions: parameters with types and limits, the RAM action and resources.

Validation errors (``MissingParameter``, ``InvalidParameter``) come from these descriptions, so the
handlers only ever see well-typed arguments. A handler returns the response fields (without
``RequestId``) as the JSON-shaped dict the SDK models parse; the renderer turns the same dict into XML.
Keys are in the order of the API's documented sample (tests/data/response_order); a ``RequestId`` key
(value ignored) marks where the envelope's RequestId goes when the sample does not put it first.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from .. import errors
from ..domain.ports import UnitOfWork
from ..domain.regions import find_region
from ..domain.scope import Scope

VPC_VERSION = "2016-04-28"
ECS_VERSION = "2014-05-26"
STS_VERSION = "2015-04-01"
PRODUCTS = {VPC_VERSION: "Vpc", ECS_VERSION: "Ecs", STS_VERSION: "Sts"}
# How a RAM denial is worded: each product documents its own code.
_DENIED: dict[str, type[errors.ApiError]] = {
    VPC_VERSION: errors.VpcForbidden,
    ECS_VERSION: errors.EcsForbiddenSubUser,
    STS_VERSION: errors.StsNoPermission,
}


class ParamType:
    def parse(self, name: str, raw: str) -> Any:
        return raw


@dataclass(frozen=True)
class Str(ParamType):
    min_len: int = 0
    max_len: int | None = None
    choices: tuple[str, ...] | None = None
    pattern: str | None = None
    error: type[errors.ApiError] | None = None  # the API's own error for a bad value, if it documents one

    def parse(self, name: str, raw: str) -> Any:
        ok = len(raw) >= self.min_len and (self.max_len is None or len(raw) <= self.max_len)
        ok = ok and (self.choices is None or raw in self.choices)
        ok = ok and (self.pattern is None or re.fullmatch(self.pattern, raw) is not None)
        if not ok:
            raise (self.error or errors.InvalidParameter)(name=name)
        return raw


@dataclass(frozen=True)
class Int(ParamType):
    minimum: int | None = None
    maximum: int | None = None

    def parse(self, name: str, raw: str) -> Any:
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", raw.strip()):
            raise errors.InvalidParameter(name=name)
        value = int(raw)
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise errors.InvalidParameter(name=name)
        return value


@dataclass(frozen=True)
class Float(ParamType):
    """A decimal number (SpotPriceLimit); an action's own error for a bad one, if documented."""

    error: type[errors.ApiError] | None = None

    def parse(self, name: str, raw: str) -> Any:
        if not re.fullmatch(r"[+-]?[0-9]{1,12}(\.[0-9]{1,12})?", raw.strip()):
            raise (self.error or errors.InvalidParameter)(name=name)
        return float(raw)


class Bool(ParamType):
    def parse(self, name: str, raw: str) -> Any:
        # Python SDKs send True/False, Node sends true/false.
        lowered = raw.strip().lower()
        if lowered not in ("true", "false"):
            raise errors.InvalidParameter(name=name)
        return lowered == "true"


@dataclass(frozen=True)
class JsonList(ParamType):
    """A JSON array of strings in one parameter, e.g. InstanceIds=["i-1","i-2"]."""

    max_items: int = 100

    def parse(self, name: str, raw: str) -> Any:
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: "[[[[...", nested deeper than the parser goes
            raise errors.InvalidParameter(name=name) from None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or len(value) > self.max_items:
            raise errors.InvalidParameter(name=name)
        # JSON escapes must not smuggle in what the protocol refuses in raw values (NUL, controls, lone surrogates).
        if any(_UNSAFE_IN_JSON.search(v) for v in value):
            raise errors.InvalidParameter(name=name)
        return value


_UNSAFE_IN_JSON = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class CommaList(ParamType):
    """Comma-separated values, trimmed (the docs' own example has spaces: ``i-test, i-test1``)."""

    max_items: int = 100
    too_many: type[errors.ApiError] | None = None

    def parse(self, name: str, raw: str) -> Any:
        items = [part.strip() for part in raw.split(",") if part.strip()]
        if len(items) > self.max_items:
            raise (self.too_many or errors.InvalidParameter)(name=name)
        return items


@dataclass(frozen=True)
class RegionParam(ParamType):
    """A RegionId that must name a known region; each API documents its own error for an unknown one."""

    error: type[errors.ApiError]

    def parse(self, name: str, raw: str) -> Any:
        if find_region(raw) is None:
            raise self.error()
        return raw


@dataclass(frozen=True)
class Param:
    name: str
    type: ParamType = field(default_factory=ParamType)
    required: bool = False
    default: Any = None
    # Repeat lists such as Tag.N.Key / Tag.N.Value: the sub-fields, and the most entries.
    repeat_fields: tuple[str, ...] = ()
    max_repeat: int = 20
    # A repeat list of plain values, Name.N (ResourceId.1, ResourceId.2 ...): the handler gets a list.
    values: bool = False


class Request:
    """Base of every action's typed request: a frozen, keyword-only dataclass whose fields are declared
    with ``param()``, so each parameter is named once, in its declaration, and handlers read typed
    attributes the type checker sees (``request.vpc_id``), never strings."""

    # Wire names the official SDKs can send that the action accepts and ignores (see ``accepted``).
    ignored: ClassVar[tuple[str, ...]] = ()


R = TypeVar("R", bound=Request)


def param(
    wire: str,
    type: ParamType | None = None,
    *,
    required: bool = False,
    default: Any = None,
    repeat_fields: tuple[str, ...] = (),
    max_repeat: int = 20,
    values: bool = False,
) -> Any:
    """A request field and the parameter it is read from: wire name, type and limits, default."""
    declared = Param(wire, type or ParamType(), required, default, repeat_fields, max_repeat, values)
    metadata = {"param": declared}
    if required:
        return field(metadata=metadata)
    if repeat_fields or values:
        return field(default_factory=list, metadata=metadata)
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=metadata)
    return field(default=default, metadata=metadata)


def request_params(request_type: type[Request]) -> tuple[Param, ...]:
    """The parameters a request type declares, in field order, then the ones it accepts and ignores."""
    declared: list[Param] = []
    for f in dataclasses.fields(request_type):  # type: ignore[arg-type]
        spec = f.metadata.get("param")
        if not isinstance(spec, Param):
            raise TypeError(f"{request_type.__name__}.{f.name} is not declared with param()")
        declared.append(spec)
    names = [p.name for p in declared]
    if len(set(names)) != len(names):
        raise TypeError(f"{request_type.__name__} declares a parameter twice: {sorted(names)}")
    return (*declared, *accepted(*request_type.ignored))


# A handler: the typed request, the scope, the unit of work; the answer body.
Handler = Callable[[Any, Scope, UnitOfWork], dict[str, Any]]
# The resource ARNs RAM checks, from the typed request and the scope.
ResourceNames = Callable[[Any, Scope], list[str]]
# The answer an action gives a RAM user whose policies deny it, when the docs give one instead of an
# error (DescribeInstances: an empty list), from the typed request.
DeniedAnswer = Callable[[Any], dict[str, Any]]

# Parameters every RPC request may carry; they are accepted, signed over and otherwise ignored
# (api-spec §5.2, §5.13).
COMMON_PARAMS = frozenset(
    {
        "Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
        "SignatureNonce", "SignatureType", "Timestamp", "SecurityToken", "BearerToken", "OwnerId",
        "OwnerAccount", "ResourceOwnerId", "ResourceOwnerAccount", "CallerParentId", "RegionId",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ActionSpec:
    version: str
    name: str
    params: tuple[Param, ...]
    request_type: type[Request]
    handler: Handler
    ram_action: str
    resources: ResourceNames
    # How a denial is worded: each product documents its own code.
    denied: type[errors.ApiError]
    client_token: bool = False
    # Parameters that may not all be empty at once, and the API's error when they are.
    one_of: tuple[tuple[str, ...], type[errors.ApiError]] | None = None
    when_denied: DeniedAnswer | None = None

    @property
    def read_only(self) -> bool:
        """Describe, List and Get actions change nothing: they run without the write lock."""
        return self.name.startswith(("Describe", "List", "Get"))

    @property
    def product(self) -> str:
        return PRODUCTS[self.version]

    def request(self, args: Mapping[str, Any]) -> Request:
        """The typed request from parsed arguments (wire name -> value)."""
        return self.request_type(**{field_name: args[wire] for field_name, wire in self._fields})

    def parse(self, raw: Mapping[str, str]) -> dict[str, Any]:
        """Typed arguments from the request's parameters, or the documented parameter error."""
        args: dict[str, Any] = {}
        if self.one_of and not any(raw.get(name) for name in self.one_of[0]):
            raise self.one_of[1]()
        # Repeat lists are read from "Name.N..." parameters: without a dotted name, every one is empty.
        dotted = any("." in name for name in raw)
        for param in self.params:
            if param.repeat_fields:
                args[param.name] = _repeat_list(param, raw) if dotted else []
                continue
            if param.values:
                args[param.name] = _value_list(param, raw) if dotted else []
                continue
            value = raw.get(param.name)
            if value is None or value == "":
                if param.required:
                    raise errors.MissingParameter(name=param.name)
                args[param.name] = param.default
                continue
            args[param.name] = param.type.parse(param.name, value)
        return args

    def known(self, name: str) -> bool:
        """Whether the action declares ``name``: a common parameter, a declared name, a field of a
        declared repeat list (``Tag.1.Key``), or a wire name matching an indexed pattern (``DataDisk.N.Size``)."""
        if name in COMMON_PARAMS or name in self._plain_names:
            return True
        prefix = name.split(".", 1)[0]
        return prefix in self._repeat_lists or any(pattern.fullmatch(name) for pattern in self._indexed)

    # Every request checks each of its parameters here; the declarations are sorted once per action.
    @functools.cached_property
    def _fields(self) -> tuple[tuple[str, str], ...]:
        """(field name, wire name) of the request type's fields."""
        fields = dataclasses.fields(self.request_type)  # type: ignore[arg-type]
        return tuple((f.name, f.metadata["param"].name) for f in fields)

    @functools.cached_property
    def _plain_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params if ".N" not in p.name)

    @functools.cached_property
    def _repeat_lists(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params if p.repeat_fields or p.values)

    @functools.cached_property
    def _indexed(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_indexed_pattern(p.name) for p in self.params if ".N" in p.name)


def accepted(*names: str) -> tuple[Param, ...]:
    """Parameters the official SDKs can send that the emulator accepts and ignores (they change nothing
    it models). ``N`` as a path segment stands for a 1-based index: ``DataDisk.N.Size`` covers
    ``DataDisk.1.Size``, ``DataDisk.2.Size`` ...; ``SecurityGroupIds.N`` covers a list of plain values."""
    return tuple(Param(name) for name in names)


@functools.cache
def _indexed_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"\.".join(r"[1-9]\d{0,5}" if part == "N" else re.escape(part) for part in name.split(".")))


def _repeat_list(param: Param, raw: Mapping[str, str]) -> list[dict[str, Any]]:
    """Gather ``Name.N.Field`` pairs into a list ordered by N (1-based). A field declared ``Field.N``
    (``TagFilter.N.TagValues.N``) is itself a list of values, ordered by its own index."""
    prefix = param.name + "."
    entries: dict[int, dict[str, Any]] = {}
    nested: dict[tuple[int, str], dict[int, str]] = {}
    for key, value in raw.items():
        if not key.startswith(prefix):
            continue
        parts = key[len(prefix) :].split(".")
        listed = len(parts) == 3 and f"{parts[1]}.N" in param.repeat_fields and parts[2].isdigit()
        if not (listed or (len(parts) == 2 and parts[1] in param.repeat_fields)) or not parts[0].isdigit():
            raise errors.InvalidParameter(name=key)
        index = int(parts[0])
        if not 1 <= index <= param.max_repeat or (listed and not 1 <= int(parts[2]) <= param.max_repeat):
            raise errors.InvalidParameter(name=key)
        entry = entries.setdefault(index, {})
        if listed:
            nested.setdefault((index, parts[1]), {})[int(parts[2])] = value
        else:
            entry[parts[1]] = value
    for (index, name), values in nested.items():
        entries[index][name] = [values[n] for n in sorted(values)]
    return [entries[i] for i in sorted(entries)]


def _value_list(param: Param, raw: Mapping[str, str]) -> list[str]:
    """Gather ``Name.N`` values into a list ordered by N (1-based), empty values left out."""
    prefix = param.name + "."
    entries: dict[int, str] = {}
    for key, value in raw.items():
        if not key.startswith(prefix):
            continue
        index = key[len(prefix) :]
        if not index.isdigit() or not 1 <= int(index) <= param.max_repeat:
            raise errors.InvalidParameter(name=key)
        if value != "":
            entries[int(index)] = value
    return [entries[i] for i in sorted(entries)]


REGISTRY: dict[tuple[str, str], ActionSpec] = {}


def action(
    version: str,
    name: str,
    request: type[R],
    *,
    ram: str | None = None,
    resources: Callable[[R, Scope], list[str]] | None = None,
    client_token: bool = False,
    one_of: tuple[tuple[str, ...], type[errors.ApiError]] | None = None,
    no_ram: bool = False,
    when_denied: Callable[[R], dict[str, Any]] | None = None,
) -> Callable[[Callable[[R, Scope, UnitOfWork], dict[str, Any]]], Callable[[R, Scope, UnitOfWork], dict[str, Any]]]:
    """Register ``handler(request, scope, uow)`` under (Version, Action). The request type's declarations
    are the action's parameters; they are checked here, once, so a handler can only read what is declared."""

    def register(
        handler: Callable[[R, Scope, UnitOfWork], dict[str, Any]],
    ) -> Callable[[R, Scope, UnitOfWork], dict[str, Any]]:
        first = next(iter(inspect.signature(handler).parameters))
        if typing.get_type_hints(handler).get(first) is not request:
            raise TypeError(f"{handler.__qualname__} must take {request.__name__} as its first argument")
        product = PRODUCTS[version].lower()
        REGISTRY[(version, name)] = ActionSpec(
            version=version,
            name=name,
            params=request_params(request),
            request_type=request,
            handler=handler,
            # "" = not subject to RAM at all (GetCallerIdentity: "No authorization for this operation").
            ram_action="" if no_ram else ram or f"{product}:{name}",
            resources=resources or (lambda request, scope: ["*"]),
            denied=_DENIED[version],
            client_token=client_token,
            one_of=one_of,
            when_denied=when_denied,
        )
        return handler

    return register


def scope_arn(service: str, scope: Scope, relative_id: str) -> str:
    """A resource ARN in the caller's account and the request's region (or the named resource's)."""
    return f"acs:{service}:{scope.region_id or scope.home_region or '*'}:{scope.account_id}:{relative_id}"
