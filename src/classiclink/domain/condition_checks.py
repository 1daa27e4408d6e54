"""The account conditions (domain/account_conditions.py) applied: each answers the code the action's error
table documents; an account without conditions costs one look-up by primary key and is refused nothing.

Checks run after an action's own parameter and existence checks, in this order: the account's standing for the
operation, region, zone, instance type, disk categories, spot, user data, the disks' KMS keys, stock and sale,
quotas, then the order's payment (real name, arrears, payment method, card verification, payment policy,
balance): the order is placed last.

Besides buying: CreateVpc in a region or zone without VPCs, and instances locked for security reasons, which
DescribeInstances shows and the instance and disk writes of the locked instance refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import errors
from . import disks, instance_types
from .account_conditions import NONE, Conditions, InvalidConditions, KmsKey, Quotas, document, parse
from .identity import GLOBAL
from .model import AccountConditions, Disk, Instance
from .ports import GreaterThan, UnitOfWork
from .regions import find_region
from .scope import Scope

CREATE_INSTANCE, RUN_INSTANCES = "CreateInstance", "RunInstances"


def of(uow: UnitOfWork, account_id: str) -> Conditions:
    """The account's conditions; NONE when it has none (one look-up by primary key)."""
    row = uow.account_conditions.get(account_id, account_id=account_id)
    if row is None:
        return NONE
    try:
        return parse(row.document)
    except InvalidConditions:
        return NONE  # written behind the admin API's back (SQL by hand): ignored rather than a 500


def put(uow: UnitOfWork, account_id: str, conditions: Conditions, now: float) -> None:
    existing = uow.account_conditions.get(account_id, account_id=account_id)
    if conditions == NONE:
        if existing is not None:
            uow.account_conditions.remove(existing)
        return
    created = existing.created_at if existing is not None else now
    uow.account_conditions.save(AccountConditions(account_id, account_id, GLOBAL, created, document(conditions)))


def clear(uow: UnitOfWork, account_id: str) -> bool:
    existing = uow.account_conditions.get(account_id, account_id=account_id)
    if existing is not None:
        uow.account_conditions.remove(existing)
    return existing is not None


# --- CreateInstance / RunInstances -------------------------------------------------------------------------


@dataclass(frozen=True)
class InstanceOrder:
    """What a CreateInstance / RunInstances request buys, as the conditions look at it."""

    action: str  # CREATE_INSTANCE | RUN_INSTANCES
    zone_id: str
    instance_type: str
    cpus: int
    amount: int = 1
    prepaid: bool = False
    vpc_id: str = ""  # "" = a classic instance
    vswitch_id: str = ""
    system_disk_category: str = disks.DEFAULT_CATEGORY
    data_disk_categories: Sequence[str] = ()
    spot: bool = False
    spot_duration_given: bool = False
    user_data: bool = False
    kms_key_ids: Sequence[str] = ()  # the KMSKeyId parameters given (SystemDisk.KMSKeyId, DataDisk.N.KMSKeyId)
    encrypted_disks: bool = False  # whether any new disk is encrypted (a key, Encrypted, an encrypted snapshot)


def check_instances(uow: UnitOfWork, scope: Scope, order: InstanceOrder) -> None:
    conditions = of(uow, scope.account_id)
    if conditions == NONE:
        return
    run = order.action == RUN_INSTANCES
    _authorizations(conditions, scope, order, run)
    _kms(conditions, scope, order.kms_key_ids, encrypted=order.encrypted_disks)
    _stock(conditions, order)
    _quotas(uow, scope, conditions.quotas, order, run)
    _payment(conditions, prepaid=order.prepaid, run=run)


def _authorizations(c: Conditions, scope: Scope, order: InstanceOrder, run: bool) -> None:
    if c.operation_unsupported:
        raise errors.UserOperationUnsupported()
    if scope.region_id in c.unauthorized_regions:
        raise errors.RegionUnauthorized()
    if scope.region_id in c.suspended_regions:
        raise errors.RegionResourceControl() if run else errors.RegionSalesSuspended()
    zone = order.zone_id
    if zone in c.zones_not_open:
        raise errors.ZoneNotOpen()
    if zone in c.zones_not_on_sale:
        raise errors.ZoneNoLongerOnSale() if run else errors.ZoneNotOnSale()
    if zone in c.closed_zones:
        raise errors.ZoneNotAllowed() if run else errors.ZoneCreationDenied()
    if order.vpc_id and (zone in c.zones_without_vpc or scope.region_id in c.regions_without_vpc):
        raise errors.VpcNotAvailableInZone()
    if order.instance_type in c.unauthorized_instance_types:
        raise errors.InstanceTypeUnauthorized()
    if instance_types.family_of(order.instance_type) in c.unauthorized_instance_types:
        raise errors.InstanceFamilyUnauthorized()
    if order.system_disk_category in c.unauthorized_disk_categories:
        raise errors.SystemDiskCategoryUnauthorized()
    if any(category in c.unauthorized_disk_categories for category in order.data_disk_categories):
        raise errors.DiskCategoryUnauthorized()
    if order.spot and c.spot_unauthorized:
        raise errors.SpotUnauthorized()
    if order.spot and order.spot_duration_given and c.spot_duration_unauthorized:
        raise errors.SpotDurationUnauthorized()
    if order.user_data and c.user_data_forbidden:
        raise errors.UserDataForbidden()


def _kms(c: Conditions, scope: Scope, key_ids: Sequence[str], *, encrypted: bool) -> None:
    """The disks' encryption: ECS must be authorized to use KMS ("you must first authorize and activate KMS.
    Otherwise, you cannot create encrypted ECS disks", ECS disk encryption); then each KMSKeyId given must be a
    key of the account in the region (when the account declares its keys), a bring-your-own key (Origin
    EXTERNAL) needs a region with BYOK and the account on its whitelist, and the key must be Enabled."""
    if (encrypted or key_ids) and c.kms_unauthorized:
        raise errors.KmsUnauthorized()
    if c.kms_keys is None:
        return
    keys = {k.key_id: k for k in c.kms_keys if k.usable_in(scope.region_id)}
    for key_id in key_ids:
        key: KmsKey | None = keys.get(key_id)
        if key is None:
            raise errors.KmsKeyNotFound()
        if key.byok and scope.region_id in c.byok_unsupported_regions:
            raise errors.ByokRegionNotSupported()
        if key.byok and c.byok_not_whitelisted:
            raise errors.ByokNotWhitelisted()
        if key.state != "Enabled":
            raise errors.KmsKeyNotEnabled()


def _stock(c: Conditions, order: InstanceOrder) -> None:
    zone, kind = order.zone_id, order.instance_type
    if kind in c.offline_instance_types:
        raise errors.InstanceTypeOffline(instance_type=kind)
    if any(p.matches(zone, kind) for p in c.zone_unsupported_instance_types):
        raise errors.InstanceTypeZoneNotSupported()
    if any(p.matches(zone, kind) for p in c.instance_types_not_on_sale):
        raise errors.ResourceNotOnSale(resource=f"instance type {kind}", zone=zone)
    if any(p.matches(zone, kind) for p in c.sold_out):
        raise errors.NoStock()


def _living(now: float) -> GreaterThan:
    """Matches the ``auto_release_at`` of an instance not yet released (0: none set), as ``instances.released``."""
    return GreaterThan(now, unless=0.0)


def _quotas(uow: UnitOfWork, scope: Scope, q: Quotas, order: InstanceOrder, run: bool) -> None:
    account, region, living, amount = scope.account_id, scope.region_id, _living(scope.now), order.amount
    if q.instances_per_vpc is not None and order.vpc_id:
        held = uow.instances.count(account_id=account, vpc_id=order.vpc_id, auto_release_at=living)
        if held + amount > q.instances_per_vpc:
            raise errors.VpcInstanceQuotaExceeded()
    if q.private_ips_per_vswitch is not None and order.vswitch_id:
        held = uow.instances.count(account_id=account, vswitch_id=order.vswitch_id, auto_release_at=living)
        held += uow.private_addresses.count(account_id=account, vswitch_id=order.vswitch_id)
        if held + amount > q.private_ips_per_vswitch:
            raise errors.PrivateIpExhausted() if run else errors.PrivateIpQuotaExceeded()
    if q.post_paid_instances is not None and not order.prepaid:
        held = uow.instances.count(account_id=account, region_id=region, instance_charge_type="PostPaid",
                                   auto_release_at=living)  # fmt: skip
        quota = q.post_paid_instances
        if held + amount > quota:
            if run:
                raise errors.AfterpayInstanceQuotaRun()
            if quota == 0:  # none at all: the plain wording; a quota reached: the one with the numbers
                raise errors.AfterpayInstanceQuotaFull()
            raise errors.AfterpayInstanceQuotaExceeded(detail=f"{quota} allowed, {held} in use, {amount} requested")
    _elastic_quota(uow, scope, q, order)
    new_disks = 1 + len(order.data_disk_categories)
    if q.post_paid_disks is not None and not order.prepaid:
        held = uow.disks.count(account_id=account, region_id=region, charge_type="PostPaid")
        if held + amount * new_disks > q.post_paid_disks:
            raise errors.PostPaidDiskQuotaExceeded()
    # Pay-as-you-go data disks are portable; system disks and subscription disks are not (disks.attach_new).
    new_portable = 0 if order.prepaid else len(order.data_disk_categories)
    if q.portable_disks is not None and new_portable:
        held = uow.disks.count(account_id=account, region_id=region, portable=True)
        if held + amount * new_portable > q.portable_disks:
            raise errors.PortableDiskQuotaExceeded()


def _elastic_quota(uow: UnitOfWork, scope: Scope, q: Quotas, order: InstanceOrder) -> None:
    """QuotaExceed.ElasticQuota: instances of one type per region, vCPUs per zone; its four wordings."""
    account, living, amount = scope.account_id, _living(scope.now), order.amount
    type_quota = dict(q.instance_types).get(order.instance_type)
    type_held = 0
    if type_quota:
        type_held = uow.instances.count(account_id=account, region_id=scope.region_id,
                                        instance_type=order.instance_type, auto_release_at=living)  # fmt: skip
    type_over = type_quota is not None and type_held + amount > type_quota  # a quota of 0: nothing counted
    vcpu_over = False
    if q.vcpus_per_zone is not None:
        held = sum(i.cpu for i in uow.instances.find(account_id=account, region_id=scope.region_id,
                                                     zone_id=order.zone_id, auto_release_at=living))  # fmt: skip
        vcpu_over = held + amount * order.cpus > q.vcpus_per_zone
    if type_over and vcpu_over:
        raise errors.ElasticQuotaExceeded()
    if vcpu_over:
        raise errors.ElasticQuotaVcpuExceeded()
    if type_over:
        assert type_quota is not None
        # No quota for the type at all: "No additional quota is available"; a quota reached: "has exceeded".
        raise errors.ElasticQuotaNone() if type_quota == 0 else errors.ElasticQuotaTypeExceeded()


def _payment(c: Conditions, *, prepaid: bool, run: bool) -> None:
    if c.real_name_unverified:
        raise errors.RealNameUnverified()
    if c.arrearage:
        raise errors.AccountInArrears() if run else errors.AccountArrearage()
    if c.no_payment_method:
        raise errors.PaymentMethodNotFound()
    if c.card_verification_required:
        raise errors.CardVerificationRequired()
    if c.illegal_payment_policy:
        raise errors.IllegalPaymentPolicy()
    if c.insufficient_balance:
        if prepaid:
            raise errors.InvalidPayMethod()
        # RunInstances starts what it creates: StartInstance's code; CreateInstance: the purchase's.
        raise errors.InsufficientBalance() if run else errors.NotEnoughBalance()


# --- CreateDisk, StartInstance(s) --------------------------------------------------------------------------


def check_disk(uow: UnitOfWork, scope: Scope, disk: Disk, *, kms_key_id: str = "") -> None:
    """CreateDisk, once its own checks passed and the disk is in the unit of work (a refusal rolls it back): the
    conditions its error table documents. RegionUnauthorized and Zone.NotOnSale in their "%s" wordings, a zone
    not granted (OperationDenied), the category, the KMS key (``kms_key_id``: the KMSKeyId that applies, none
    with InstanceId), the disk quotas (counting this disk), arrears and balance."""
    c = of(uow, scope.account_id)
    if c == NONE:
        return
    subscription = disk.charge_type == "PrePaid"
    if scope.region_id in c.unauthorized_regions:
        raise errors.RegionOperationUnauthorized(resource="disk", region=scope.region_id)
    if disk.zone_id in c.zones_not_open:
        raise errors.ZoneNotAvailable()
    if disk.zone_id in c.zones_not_on_sale:
        raise errors.ResourceNotOnSale(resource="disk", zone=disk.zone_id)
    if disk.category in c.unauthorized_disk_categories:
        raise errors.DiskCategoryUnauthorized()
    _kms(c, scope, [kms_key_id] if kms_key_id else [], encrypted=disk.encrypted)
    q = c.quotas
    if not subscription and _exceeds(q.post_paid_disks, lambda: _disks(uow, scope, charge_type="PostPaid")):
        raise errors.PostPaidDiskQuotaExceeded()
    if disk.portable and _exceeds(q.portable_disks, lambda: _disks(uow, scope, portable=True)):
        raise errors.PortableDiskQuotaExceeded()
    if c.arrearage:
        raise errors.AccountArrearage()
    if c.insufficient_balance:
        raise errors.InvalidPayMethod() if subscription else errors.NotEnoughBalance()


def _disks(uow: UnitOfWork, scope: Scope, **where: object) -> int:
    return uow.disks.count(account_id=scope.account_id, region_id=scope.region_id, **where)


def _exceeds(quota: int | None, count: Callable[[], int]) -> bool:
    """Whether a quota is set and the count (asked only then) is above it."""
    return quota is not None and count() > quota


def check_start(uow: UnitOfWork, scope: Scope, instance: Instance) -> None:
    """StartInstance(s): a pay-as-you-go instance does not start while the balance is short (InsufficientBalance,
    their tables' code); a subscription instance is paid for."""
    if instance.instance_charge_type == "PostPaid" and of(uow, scope.account_id).insufficient_balance:
        raise errors.InsufficientBalance()


# --- CreateVpc ---------------------------------------------------------------------------------------------


def check_vpc(uow: UnitOfWork, scope: Scope) -> None:
    """CreateVpc, once its own checks passed (a refusal rolls the VPC back): a region without VPCs for the
    account answers ResourceNotAvailable.Vpc; a region every zone of which is without VPCs has nowhere for a
    vSwitch: ResourceNotAvailable ("You cannot create a vSwitch in the current region or zone")."""
    c = of(uow, scope.account_id)
    if c == NONE:
        return
    if scope.region_id in c.regions_without_vpc:
        raise errors.VpcNotAvailableInRegion()
    region = find_region(scope.region_id)
    zones = region.zones if region is not None else ()
    if zones and all(zone in c.zones_without_vpc for zone in zones):
        raise errors.VpcNotAvailableInZone()


# --- instances locked for security reasons --------------------------------------------------------------------


def security_locked(uow: UnitOfWork, account_id: str) -> frozenset[str]:
    """The IDs of the account's instances locked for security reasons (DescribeInstances OperationLocks)."""
    return of(uow, account_id).security_locked_instances


def check_unlocked(uow: UnitOfWork, scope: Scope, instance_id: str,
                   error: type[errors.ApiError] = errors.InstanceLockedForSecurity) -> None:  # fmt: skip
    """A write the "API behavior when an instance is locked for security reasons" appendix and the action's
    error table refuse while the instance is locked: ``error``, the action's wording of InstanceLockedForSecurity."""
    if instance_id in security_locked(uow, scope.account_id):
        raise error()


def release_locked(uow: UnitOfWork, scope: Scope, instance_id: str) -> bool:
    """DeleteInstance of an instance locked for security reasons: refused when the account's lock denies it
    (SecurityLockDeniesRelease); otherwise True, the instance goes with every disk attached to it ("Even if
    DeleteWithInstance is set to false for the data disks ... the data disks are released along with the
    instance", DeleteInstance); False for an instance not locked."""
    c = of(uow, scope.account_id)
    if instance_id not in c.security_locked_instances:
        return False
    if c.security_lock_denies_release:
        raise errors.InstanceLockedForSecurity()
    return True
