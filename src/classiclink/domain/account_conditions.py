"""Account conditions: the refusals a real account meets when it buys (billing, authorizations, stock and sale,
quotas), set per account through the admin API or the test helpers. Off by default: an account without
conditions may buy everything, as before.

One row per account (table ``account_conditions``, migration 17, id = the account's UID) holds the normalised
JSON document, so every worker and server on the database sees a change at once and a new condition needs no
migration. ``parse`` checks a document and turns it into ``Conditions``; ``condition_checks`` answers, for each
condition, the code the action's error table documents (README "Account conditions"; docs/compatibility.md).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import disks, instance_types
from .regions import REGIONS

MAX_ITEMS = 1000  # entries in one list of a document
MAX_QUOTA = 10**9
# KMS DescribeKey: KeyState and Origin ("For a BYOK-based CMK, the value of Origin is EXTERNAL"; "Only CMKs in
# the Enabled state can be used to encrypt or decrypt"). KMSKeyId is at most 128 characters (CreateDisk).
KEY_STATES = ("Enabled", "Disabled", "PendingDeletion", "PendingImport")
KEY_ORIGINS = ("Aliyun_KMS", "EXTERNAL")
MAX_KEY_ID = 128
_INSTANCE_ID = re.compile(r"i-[a-z0-9]{1,64}")

ZONES = frozenset(zone for region in REGIONS.values() for zone in region.zones)
DISK_CATEGORIES = frozenset((*disks.SYSTEM_CATEGORIES, *disks.DATA_SIZES, "cloud_essd"))


class InvalidConditions(ValueError):
    """A document that is not a conditions document: which field, and why."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(f"{name}: {why}")
        self.name = name
        self.why = why


@dataclass(frozen=True)
class Pair:
    """A (zone, instance type) entry; an empty side matches any zone or any type."""

    zone_id: str = ""
    instance_type: str = ""

    def matches(self, zone_id: str, instance_type: str) -> bool:
        return self.zone_id in ("", zone_id) and self.instance_type in ("", instance_type)


@dataclass(frozen=True)
class KmsKey:
    """A KMS key of the account: its ID, state and origin as KMS DescribeKey shows them, and its region (""
    = every region: a key is regional, one named in another region does not exist there)."""

    key_id: str
    state: str = "Enabled"
    origin: str = "Aliyun_KMS"
    region_id: str = ""

    @property
    def byok(self) -> bool:
        """Bring your own key: key material imported into KMS (Origin EXTERNAL)."""
        return self.origin == "EXTERNAL"

    def usable_in(self, region_id: str) -> bool:
        return self.region_id in ("", region_id)


# How a document field reads and writes: its key, its kind, and (names) what its entries must be.
def _flag(key: str) -> Any:
    return field(default=False, metadata={"key": key, "kind": "flag"})


def _names(key: str, of: str) -> Any:
    return field(default=frozenset(), metadata={"key": key, "kind": "names", "of": of})


def _pairs(key: str) -> Any:
    return field(default=(), metadata={"key": key, "kind": "pairs"})


def _count(key: str) -> Any:
    return field(default=None, metadata={"key": key, "kind": "count"})


@dataclass(frozen=True)
class Quotas:
    """Per-account quotas; None = not limited (the default)."""

    post_paid_instances: int | None = _count("PostPaidInstances")  # living pay-as-you-go instances, per region
    post_paid_disks: int | None = _count("PostPaidDisks")  # pay-as-you-go disks, per region
    portable_disks: int | None = _count("PortableDisks")  # portable (detachable) disks, per region
    private_ips_per_vswitch: int | None = _count("PrivateIpsPerVSwitch")  # private addresses held in one vSwitch
    instances_per_vpc: int | None = _count("InstancesPerVpc")  # living instances in one VPC
    vcpus_per_zone: int | None = _count("VCpusPerZone")  # vCPUs of living instances in one zone
    # Living instances of one type, per region: ((type, quota), ...).
    instance_types: tuple[tuple[str, int], ...] = field(default=(), metadata={"key": "InstanceTypes", "kind": "types"})


@dataclass(frozen=True)
class Conditions:
    # The order's payment
    arrearage: bool = _flag("Arrearage")
    insufficient_balance: bool = _flag("InsufficientBalance")
    no_payment_method: bool = _flag("NoPaymentMethod")
    real_name_unverified: bool = _flag("RealNameUnverified")
    card_verification_required: bool = _flag("CardVerificationRequired")
    illegal_payment_policy: bool = _flag("IllegalPaymentPolicy")
    # Authorizations
    operation_unsupported: bool = _flag("OperationUnsupported")
    unauthorized_regions: frozenset[str] = _names("UnauthorizedRegions", "region")
    zones_not_open: frozenset[str] = _names("ZonesNotOpen", "zone")
    unauthorized_instance_types: frozenset[str] = _names("UnauthorizedInstanceTypes", "type or family")
    unauthorized_disk_categories: frozenset[str] = _names("UnauthorizedDiskCategories", "disk category")
    spot_unauthorized: bool = _flag("SpotUnauthorized")
    spot_duration_unauthorized: bool = _flag("SpotDurationUnauthorized")
    user_data_forbidden: bool = _flag("UserDataForbidden")
    # Stock and sale
    sold_out: tuple[Pair, ...] = _pairs("SoldOut")
    zones_not_on_sale: frozenset[str] = _names("ZonesNotOnSale", "zone")
    instance_types_not_on_sale: tuple[Pair, ...] = _pairs("InstanceTypesNotOnSale")
    offline_instance_types: frozenset[str] = _names("OfflineInstanceTypes", "type")
    zone_unsupported_instance_types: tuple[Pair, ...] = _pairs("ZoneUnsupportedInstanceTypes")
    closed_zones: frozenset[str] = _names("ClosedZones", "zone")
    suspended_regions: frozenset[str] = _names("SuspendedRegions", "region")
    zones_without_vpc: frozenset[str] = _names("ZonesWithoutVpc", "zone")
    regions_without_vpc: frozenset[str] = _names("RegionsWithoutVpc", "region")
    # Disk encryption: the account's KMS keys (None: not declared, every KMSKeyId is taken as given), whether
    # ECS may use KMS, and where bring-your-own keys may not be used.
    kms_keys: tuple[KmsKey, ...] | None = field(default=None, metadata={"key": "KmsKeys", "kind": "keys"})
    kms_unauthorized: bool = _flag("KmsUnauthorized")
    byok_unsupported_regions: frozenset[str] = _names("ByokUnsupportedRegions", "region")
    byok_not_whitelisted: bool = _flag("ByokNotWhitelisted")
    # Instances locked for security reasons (DescribeInstances OperationLocks "security"), and whether that
    # lock refuses DeleteInstance too (its error table) rather than releasing the instance with every disk
    # (its description and the "API behavior when an instance is locked for security reasons" appendix).
    security_locked_instances: frozenset[str] = _names("SecurityLockedInstances", "instance")
    security_lock_denies_release: bool = _flag("SecurityLockDeniesRelease")
    quotas: Quotas = field(default_factory=Quotas, metadata={"key": "Quotas", "kind": "quotas"})


NONE = Conditions()

# --- the document ------------------------------------------------------------------------------------------

_VALID: dict[str, Callable[[str], bool]] = {
    "region": lambda name: name in REGIONS,
    "zone": lambda name: name in ZONES,
    "type": lambda name: name in instance_types.TYPES,
    "type or family": lambda name: name in instance_types.TYPES or name in instance_types.FAMILIES,
    "disk category": lambda name: name in DISK_CATEGORIES,
    "instance": lambda name: _INSTANCE_ID.fullmatch(name) is not None,
}


def _keys(cls: type) -> dict[str, dataclasses.Field[Any]]:
    return {f.metadata["key"]: f for f in dataclasses.fields(cls)}


def _names_of(name: str, value: Any, of: str) -> frozenset[str]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise InvalidConditions(name, f"a list of at most {MAX_ITEMS} names")
    for n, item in enumerate(value):
        if not isinstance(item, str) or not _VALID[of](item):
            raise InvalidConditions(f"{name}[{n}]", f"{item!r} is not a known {of}")
    return frozenset(value)


def _pairs_of(name: str, value: Any) -> tuple[Pair, ...]:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise InvalidConditions(name, f'a list of at most {MAX_ITEMS} {{"ZoneId", "InstanceType"}} objects')
    pairs = []
    for n, item in enumerate(value):
        where = f"{name}[{n}]"
        if not isinstance(item, dict) or not item or set(item) - {"ZoneId", "InstanceType"}:
            raise InvalidConditions(where, 'an object of "ZoneId", "InstanceType" or both (a missing one: any)')
        zone, kind = item.get("ZoneId", ""), item.get("InstanceType", "")
        if not isinstance(zone, str) or (zone and zone not in ZONES):
            raise InvalidConditions(f"{where}.ZoneId", f"{zone!r} is not a known zone")
        if not isinstance(kind, str) or (kind and kind not in instance_types.TYPES):
            raise InvalidConditions(f"{where}.InstanceType", f"{kind!r} is not a known instance type")
        pairs.append(Pair(zone, kind))
    return tuple(dict.fromkeys(pairs))


def _text_of(name: str, value: Any, default: str, allowed: tuple[str, ...] | None = None) -> str:
    if value is None:
        return default
    if not isinstance(value, str) or (allowed is not None and value not in allowed):
        raise InvalidConditions(name, f"one of {', '.join(allowed)}" if allowed else "a string")
    return value


def _keys_of(name: str, value: Any) -> tuple[KmsKey, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise InvalidConditions(name, f'a list of at most {MAX_ITEMS} {{"KeyId", "KeyState", "Origin", "RegionId"}} '
                                      "objects, or null (keys not declared)")  # fmt: skip
    keys: dict[str, KmsKey] = {}
    for n, item in enumerate(value):
        where = f"{name}[{n}]"
        if not isinstance(item, dict) or set(item) - {"KeyId", "KeyState", "Origin", "RegionId"}:
            raise InvalidConditions(where, 'an object of "KeyId" and, optionally, "KeyState", "Origin", "RegionId"')
        key_id = item.get("KeyId")
        if not isinstance(key_id, str) or not 0 < len(key_id) <= MAX_KEY_ID:
            raise InvalidConditions(f"{where}.KeyId", f"a key ID of 1 to {MAX_KEY_ID} characters")
        if key_id in keys:
            raise InvalidConditions(f"{where}.KeyId", f"{key_id!r} is declared twice")
        region = _text_of(f"{where}.RegionId", item.get("RegionId"), "")
        if region and region not in REGIONS:
            raise InvalidConditions(f"{where}.RegionId", f"{region!r} is not a known region")
        keys[key_id] = KmsKey(key_id, _text_of(f"{where}.KeyState", item.get("KeyState"), "Enabled", KEY_STATES),
                              _text_of(f"{where}.Origin", item.get("Origin"), "Aliyun_KMS", KEY_ORIGINS),
                              region)  # fmt: skip
    return tuple(keys.values())


def _count_of(name: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_QUOTA:
        raise InvalidConditions(name, f"a whole number from 0 to {MAX_QUOTA}, or null (no limit)")
    return value


def _types_of(name: str, value: Any) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, dict) or len(value) > MAX_ITEMS:
        raise InvalidConditions(name, "an object of instance type to quota")
    for kind, quota in value.items():
        if kind not in instance_types.TYPES:
            raise InvalidConditions(f"{name}.{kind}", "not a known instance type")
        if _count_of(f"{name}.{kind}", quota) is None:
            raise InvalidConditions(f"{name}.{kind}", f"a whole number from 0 to {MAX_QUOTA}")
    return tuple(sorted(value.items()))


def _read(cls: type, document: Any, prefix: str = "") -> Any:
    if not isinstance(document, Mapping):
        raise InvalidConditions(prefix.rstrip(".") or "conditions", "a JSON object")
    known = _keys(cls)
    unknown = sorted(set(document) - set(known))
    if unknown:
        raise InvalidConditions(prefix + unknown[0], f"not a condition; the fields are {', '.join(known)}")
    values: dict[str, Any] = {}
    for key, f in known.items():
        if key not in document:
            continue
        name, value, kind = prefix + key, document[key], f.metadata["kind"]
        if kind == "flag":
            if not isinstance(value, bool):
                raise InvalidConditions(name, "true or false")
            values[f.name] = value
        elif kind == "names":
            values[f.name] = _names_of(name, value, f.metadata["of"])
        elif kind == "pairs":
            values[f.name] = _pairs_of(name, value)
        elif kind == "count":
            values[f.name] = _count_of(name, value)
        elif kind == "types":
            values[f.name] = _types_of(name, value)
        elif kind == "keys":
            values[f.name] = _keys_of(name, value)
        else:  # quotas
            values[f.name] = _read(Quotas, value, f"{key}.")
    return cls(**values)


def parse(document: Any) -> Conditions:
    """The conditions a JSON document sets (omitted fields keep their default: allowed, no limit), or
    InvalidConditions naming the first bad field."""
    conditions: Conditions = _read(Conditions, document)
    return conditions


def _write(obj: Any) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value, kind = getattr(obj, f.name), f.metadata["kind"]
        if kind == "names":
            value = sorted(value)
        elif kind == "pairs":
            value = [{k: v for k, v in (("ZoneId", p.zone_id), ("InstanceType", p.instance_type)) if v} for p in value]
        elif kind == "types":
            value = dict(value)
        elif kind == "keys" and value is not None:
            value = [{"KeyId": k.key_id, "KeyState": k.state, "Origin": k.origin, "RegionId": k.region_id}
                     for k in value]  # fmt: skip
        elif kind == "quotas":
            value = _write(value)
        document[f.metadata["key"]] = value
    return document


def document(conditions: Conditions) -> dict[str, Any]:
    """Every field, set or not, under its document key (lists sorted): what the admin API shows and stores."""
    return _write(conditions)
