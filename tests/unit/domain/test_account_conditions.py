"""Account conditions (domain/account_conditions.py, condition_checks.py): the document, and the code each
condition answers. Codes and messages are the CreateInstance / RunInstances / CreateDisk / StartInstance
reference pages' error tables (AlibabaCloudDocs/ecs, intl.en-US/API Reference/Instances/CreateInstance.md ...)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from classiclink import errors
from classiclink.domain import account_conditions, condition_checks, disk_lifecycle, instances
from classiclink.domain.account_conditions import InvalidConditions, parse
from classiclink.domain.condition_checks import CREATE_INSTANCE, RUN_INSTANCES, InstanceOrder
from classiclink.domain.ports import UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.settings import Behaviour

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION
from .test_instances import classic_group, request, vpc_setup

ZONE = "cn-hangzhou-i"
TYPE = "ecs.g6.large"  # 2 vCPUs
SCOPE = Scope(ACCOUNT, REGION, NOW)
ORDER = InstanceOrder(action=CREATE_INSTANCE, zone_id=ZONE, instance_type=TYPE, cpus=2)


def given(uow: UnitOfWork, document: dict[str, Any], account: str = ACCOUNT) -> None:
    condition_checks.put(uow, account, parse(document), NOW)


# --- the document ------------------------------------------------------------------------------------------


def test_an_empty_document_is_no_condition_and_stores_nothing(uow: UnitOfWork) -> None:
    assert parse({}) == account_conditions.NONE
    given(uow, {})
    assert uow.account_conditions.count(account_id=None) == 0
    condition_checks.check_instances(uow, SCOPE, ORDER)  # everything allowed


def test_the_document_round_trips_and_shows_every_condition(uow: UnitOfWork) -> None:
    wanted = {"Arrearage": True, "UnauthorizedRegions": ["cn-beijing"], "SoldOut": [{"ZoneId": ZONE}],
              "Quotas": {"PostPaidInstances": 3, "InstanceTypes": {TYPE: 2}}}  # fmt: skip
    given(uow, wanted)
    shown = account_conditions.document(condition_checks.of(uow, ACCOUNT))
    assert parse(shown) == parse(wanted)
    assert shown["Arrearage"] is True and shown["InsufficientBalance"] is False
    assert shown["SoldOut"] == [{"ZoneId": ZONE}] and shown["ZonesNotOpen"] == []
    assert shown["Quotas"] == {"PostPaidInstances": 3, "PostPaidDisks": None, "PortableDisks": None,
                               "PrivateIpsPerVSwitch": None, "InstancesPerVpc": None, "VCpusPerZone": None,
                               "InstanceTypes": {TYPE: 2}}  # fmt: skip
    assert condition_checks.of(uow, OTHER_ACCOUNT) == account_conditions.NONE  # conditions are per account


@pytest.mark.parametrize(("document", "field"), [
    ({"Arrears": True}, "Arrears"),
    ({"Arrearage": "yes"}, "Arrearage"),
    ({"UnauthorizedRegions": "cn-beijing"}, "UnauthorizedRegions"),
    ({"UnauthorizedRegions": ["cn-nowhere"]}, "UnauthorizedRegions[0]"),
    ({"ZonesNotOpen": ["cn-hangzhou-z"]}, "ZonesNotOpen[0]"),
    ({"UnauthorizedInstanceTypes": ["ecs.nothing"]}, "UnauthorizedInstanceTypes[0]"),
    ({"OfflineInstanceTypes": ["ecs.g6"]}, "OfflineInstanceTypes[0]"),  # a family is no type
    ({"UnauthorizedDiskCategories": ["floppy"]}, "UnauthorizedDiskCategories[0]"),
    ({"SoldOut": [{}]}, "SoldOut[0]"),
    ({"SoldOut": [{"Zone": ZONE}]}, "SoldOut[0]"),
    ({"SoldOut": [{"ZoneId": "nowhere"}]}, "SoldOut[0].ZoneId"),
    ({"SoldOut": [{"InstanceType": "ecs.nothing"}]}, "SoldOut[0].InstanceType"),
    ({"Quotas": []}, "Quotas"),
    ({"Quotas": {"PostPaidInstances": -1}}, "Quotas.PostPaidInstances"),
    ({"Quotas": {"PostPaidInstances": True}}, "Quotas.PostPaidInstances"),
    ({"Quotas": {"Instances": 1}}, "Quotas.Instances"),
    ({"Quotas": {"InstanceTypes": {"ecs.nothing": 1}}}, "Quotas.InstanceTypes.ecs.nothing"),
    ({"Quotas": {"InstanceTypes": {TYPE: None}}}, f"Quotas.InstanceTypes.{TYPE}"),
    ([], "conditions"),
])  # fmt: skip
def test_a_bad_document_names_its_field(document: Any, field: str) -> None:
    with pytest.raises(InvalidConditions) as caught:
        parse(document)
    assert caught.value.name == field


def test_a_family_is_accepted_where_types_or_families_are() -> None:
    assert parse({"UnauthorizedInstanceTypes": ["ecs.g6", TYPE]}).unauthorized_instance_types == {"ecs.g6", TYPE}


# --- CreateInstance / RunInstances: one condition, one documented answer --------------------------------------

# (conditions, what the order changes, the answer: CreateInstance's, RunInstances'). CreateInstance.md and
# RunInstances.md error tables; a row both actions word alike names one class twice.
CASES: list[tuple[dict[str, Any], dict[str, Any], type[errors.ApiError], type[errors.ApiError]]] = [
    ({"OperationUnsupported": True}, {}, errors.UserOperationUnsupported, errors.UserOperationUnsupported),
    ({"UnauthorizedRegions": [REGION]}, {}, errors.RegionUnauthorized, errors.RegionUnauthorized),
    ({"SuspendedRegions": [REGION]}, {}, errors.RegionSalesSuspended, errors.RegionResourceControl),
    ({"ZonesNotOpen": [ZONE]}, {}, errors.ZoneNotOpen, errors.ZoneNotOpen),
    ({"ZonesNotOnSale": [ZONE]}, {}, errors.ZoneNotOnSale, errors.ZoneNoLongerOnSale),
    ({"ClosedZones": [ZONE]}, {}, errors.ZoneCreationDenied, errors.ZoneNotAllowed),
    ({"ZonesWithoutVpc": [ZONE]}, {"vpc_id": "vpc-1"}, errors.VpcNotAvailableInZone, errors.VpcNotAvailableInZone),
    ({"UnauthorizedInstanceTypes": [TYPE]}, {}, errors.InstanceTypeUnauthorized, errors.InstanceTypeUnauthorized),
    ({"UnauthorizedInstanceTypes": ["ecs.g6"]}, {}, errors.InstanceFamilyUnauthorized,
     errors.InstanceFamilyUnauthorized),
    ({"UnauthorizedDiskCategories": ["cloud_efficiency"]}, {}, errors.SystemDiskCategoryUnauthorized,
     errors.SystemDiskCategoryUnauthorized),
    ({"UnauthorizedDiskCategories": ["cloud_essd"]}, {"data_disk_categories": ["cloud_essd"]},
     errors.DiskCategoryUnauthorized, errors.DiskCategoryUnauthorized),
    ({"SpotUnauthorized": True}, {"spot": True}, errors.SpotUnauthorized, errors.SpotUnauthorized),
    ({"SpotDurationUnauthorized": True}, {"spot": True, "spot_duration_given": True},
     errors.SpotDurationUnauthorized, errors.SpotDurationUnauthorized),
    ({"UserDataForbidden": True}, {"user_data": True}, errors.UserDataForbidden, errors.UserDataForbidden),
    ({"OfflineInstanceTypes": [TYPE]}, {}, errors.InstanceTypeOffline, errors.InstanceTypeOffline),
    ({"ZoneUnsupportedInstanceTypes": [{"ZoneId": ZONE, "InstanceType": TYPE}]}, {},
     errors.InstanceTypeZoneNotSupported, errors.InstanceTypeZoneNotSupported),
    ({"InstanceTypesNotOnSale": [{"InstanceType": TYPE}]}, {}, errors.ResourceNotOnSale, errors.ResourceNotOnSale),
    ({"SoldOut": [{"ZoneId": ZONE, "InstanceType": TYPE}]}, {}, errors.NoStock, errors.NoStock),
    ({"SoldOut": [{"ZoneId": ZONE}]}, {}, errors.NoStock, errors.NoStock),  # the whole zone
    ({"RealNameUnverified": True}, {}, errors.RealNameUnverified, errors.RealNameUnverified),
    ({"Arrearage": True}, {}, errors.AccountArrearage, errors.AccountInArrears),
    ({"NoPaymentMethod": True}, {}, errors.PaymentMethodNotFound, errors.PaymentMethodNotFound),
    ({"CardVerificationRequired": True}, {}, errors.CardVerificationRequired, errors.CardVerificationRequired),
    ({"IllegalPaymentPolicy": True}, {}, errors.IllegalPaymentPolicy, errors.IllegalPaymentPolicy),
    ({"InsufficientBalance": True}, {}, errors.NotEnoughBalance, errors.InsufficientBalance),
    # "If you set this parameter to PrePaid, make sure that you have sufficient balance or credit ...
    # Otherwise, an InvalidPayMethod error is returned." (InstanceChargeType)
    ({"InsufficientBalance": True}, {"prepaid": True}, errors.InvalidPayMethod, errors.InvalidPayMethod),
]  # fmt: skip


@pytest.mark.parametrize(("document", "changes", "create", "run"), CASES,
                         ids=[f"{c[2].__name__}-{n}" for n, c in enumerate(CASES)])  # fmt: skip
def test_each_condition_answers_its_documented_code(uow: UnitOfWork, document: dict[str, Any],
                                                    changes: dict[str, Any], create: type[errors.ApiError],
                                                    run: type[errors.ApiError]) -> None:  # fmt: skip
    order = replace(ORDER, **changes)
    condition_checks.check_instances(uow, SCOPE, order)  # no conditions yet: allowed
    given(uow, document)
    with pytest.raises(create):
        condition_checks.check_instances(uow, SCOPE, order)
    with pytest.raises(run):
        condition_checks.check_instances(uow, SCOPE, replace(order, action=RUN_INSTANCES))
    condition_checks.check_instances(uow, Scope(OTHER_ACCOUNT, REGION, NOW), order)  # another account: allowed


@pytest.mark.parametrize(("document", "changes"), [
    ({"UnauthorizedRegions": ["cn-beijing"]}, {}),
    ({"ZonesNotOpen": ["cn-hangzhou-h"]}, {}),
    ({"ZonesWithoutVpc": [ZONE]}, {}),  # a classic instance needs no VPC
    ({"UnauthorizedInstanceTypes": ["ecs.g7", "ecs.g6.xlarge"]}, {}),
    ({"SoldOut": [{"ZoneId": "cn-hangzhou-h", "InstanceType": TYPE}, {"ZoneId": ZONE, "InstanceType": "ecs.g7.large"}]},
     {}),
    ({"SpotUnauthorized": True, "SpotDurationUnauthorized": True}, {}),  # not a spot request
    ({"SpotDurationUnauthorized": True}, {"spot": True}),  # SpotDuration not given
    ({"UserDataForbidden": True}, {}),
    ({"UnauthorizedDiskCategories": ["cloud_essd"]}, {"data_disk_categories": ["cloud_ssd"]}),
])  # fmt: skip
def test_a_condition_that_does_not_match_refuses_nothing(uow: UnitOfWork, document: dict[str, Any],
                                                         changes: dict[str, Any]) -> None:  # fmt: skip
    given(uow, document)
    condition_checks.check_instances(uow, SCOPE, replace(ORDER, **changes))


def test_authorizations_come_before_stock_and_payment(uow: UnitOfWork) -> None:
    given(uow, {"Arrearage": True, "SoldOut": [{"ZoneId": ZONE}], "ZonesNotOpen": [ZONE]})
    with pytest.raises(errors.ZoneNotOpen):
        condition_checks.check_instances(uow, SCOPE, ORDER)
    given(uow, {"Arrearage": True, "SoldOut": [{"ZoneId": ZONE}]})
    with pytest.raises(errors.NoStock):
        condition_checks.check_instances(uow, SCOPE, ORDER)


# --- quotas, counted against what the account holds ----------------------------------------------------------


def create(uow: UnitOfWork, rules: Behaviour, amount: int = 1, *, run: bool = False, **kw: Any) -> list[Any]:
    vswitch, group = kw.pop("network", (None, None)) or (None, None)
    if vswitch is None:
        vswitch, group = vpc_setup(uow, rules)
    wanted = request(group, vswitch_id=vswitch.id, **kw)
    return instances.create(uow, Scope(ACCOUNT, REGION, NOW, rules), request=wanted, amount=amount, run=run)


@pytest.mark.parametrize(("quotas", "held", "amount", "create_error", "run_error"), [
    # QuotaExceed.AfterpayInstance: a quota of none ("is exceeded."), or a quota reached ("is exceeded: %s");
    # RunInstances words it "Living afterpay instances quota exceeded."
    ({"PostPaidInstances": 0}, 0, 1, errors.AfterpayInstanceQuotaFull, errors.AfterpayInstanceQuotaRun),
    ({"PostPaidInstances": 1}, 1, 1, errors.AfterpayInstanceQuotaExceeded, errors.AfterpayInstanceQuotaRun),
    ({"PostPaidInstances": 2}, 1, 2, errors.AfterpayInstanceQuotaExceeded, errors.AfterpayInstanceQuotaRun),
    # QuotaExceed.ElasticQuota's four wordings
    ({"InstanceTypes": {TYPE: 0}}, 0, 1, errors.ElasticQuotaNone, errors.ElasticQuotaNone),
    ({"InstanceTypes": {TYPE: 1}}, 1, 1, errors.ElasticQuotaTypeExceeded, errors.ElasticQuotaTypeExceeded),
    ({"InstanceTypes": {TYPE: 2}}, 1, 2, errors.ElasticQuotaTypeExceeded, errors.ElasticQuotaTypeExceeded),
    ({"VCpusPerZone": 4}, 1, 2, errors.ElasticQuotaVcpuExceeded, errors.ElasticQuotaVcpuExceeded),
    ({"VCpusPerZone": 4, "InstanceTypes": {TYPE: 2}}, 1, 2, errors.ElasticQuotaExceeded, errors.ElasticQuotaExceeded),
    ({"InstancesPerVpc": 2}, 1, 2, errors.VpcInstanceQuotaExceeded, errors.VpcInstanceQuotaExceeded),
    # "Don't have enough private IPs in this switch." (CreateInstance; RunInstances has only the form without ".")
    ({"PrivateIpsPerVSwitch": 2}, 1, 2, errors.PrivateIpQuotaExceeded, errors.PrivateIpExhausted),
    # every instance brings its system disk: 1 held + 2 x 1 new > 2
    ({"PostPaidDisks": 2}, 1, 2, errors.PostPaidDiskQuotaExceeded, errors.PostPaidDiskQuotaExceeded),
])  # fmt: skip
def test_quotas_count_what_the_account_holds(uow: UnitOfWork, rules: Behaviour, quotas: dict[str, Any], held: int,
                                             amount: int, create_error: type[errors.ApiError],
                                             run_error: type[errors.ApiError]) -> None:  # fmt: skip
    network = vpc_setup(uow, rules)
    given(uow, {"Quotas": quotas})
    if held:
        create(uow, rules, held, network=network)  # within the quota
    with pytest.raises(create_error):
        create(uow, rules, amount, network=network)
    with pytest.raises(run_error):
        create(uow, rules, amount, run=True, network=network)
    condition_checks.clear(uow, ACCOUNT)
    create(uow, rules, amount, network=network)  # cleared: allowed again


def test_the_afterpay_detail_says_how_many(uow: UnitOfWork, rules: Behaviour) -> None:
    network = vpc_setup(uow, rules)
    given(uow, {"Quotas": {"PostPaidInstances": 3}})
    create(uow, rules, 2, network=network)
    with pytest.raises(errors.AfterpayInstanceQuotaExceeded) as caught:
        create(uow, rules, 2, network=network)
    assert (
        caught.value.text
        == "The maximum number of Pay-As-You-Go instances is exceeded: 3 allowed, 2 in use, 2 requested"
    )


def test_subscription_instances_do_not_count_against_pay_as_you_go_quotas(uow: UnitOfWork, rules: Behaviour) -> None:
    given(uow, {"Quotas": {"PostPaidInstances": 0, "PostPaidDisks": 0, "PortableDisks": 0}})
    create(uow, rules, instance_charge_type="PrePaid", period=1)
    with pytest.raises(errors.AfterpayInstanceQuotaFull):
        create(uow, rules)


def test_portable_disks_are_pay_as_you_go_data_disks(uow: UnitOfWork, rules: Behaviour) -> None:
    from classiclink.domain.disks import DiskRequest

    network = vpc_setup(uow, rules)
    given(uow, {"Quotas": {"PortableDisks": 1}})
    create(uow, rules, network=network)  # a system disk only: not portable
    create(uow, rules, network=network, data_disks=[DiskRequest(size=40)])
    with pytest.raises(errors.PortableDiskQuotaExceeded):
        create(uow, rules, network=network, data_disks=[DiskRequest(size=40)])


def test_conditions_apply_through_instance_creation(uow: UnitOfWork, rules: Behaviour) -> None:
    given(uow, {"SoldOut": [{"ZoneId": "cn-hangzhou-b"}]})  # the first classic zone of cn-hangzhou
    group = classic_group(uow)
    with pytest.raises(errors.NoStock):
        instances.create(uow, Scope(ACCOUNT, REGION, NOW, rules), request=request(group))
    create(uow, rules)  # its vSwitch is in cn-hangzhou-i


# --- CreateDisk and StartInstance ----------------------------------------------------------------------------

DISK_CASES: list[tuple[dict[str, Any], type[errors.ApiError]]] = [
    # CreateDisk.md's table: RegionUnauthorized and Zone.NotOnSale as "%s", OperationDenied for a zone
    ({"UnauthorizedRegions": [REGION]}, errors.RegionOperationUnauthorized),
    ({"ZonesNotOpen": [ZONE]}, errors.ZoneNotAvailable),
    ({"ZonesNotOnSale": [ZONE]}, errors.ResourceNotOnSale),
    ({"UnauthorizedDiskCategories": ["cloud_essd"]}, errors.DiskCategoryUnauthorized),
    ({"Quotas": {"PostPaidDisks": 0}}, errors.PostPaidDiskQuotaExceeded),
    ({"Quotas": {"PortableDisks": 0}}, errors.PortableDiskQuotaExceeded),
    ({"Arrearage": True}, errors.AccountArrearage),
    ({"InsufficientBalance": True}, errors.NotEnoughBalance),
]


@pytest.mark.parametrize(("document", "error"), DISK_CASES, ids=[c[1].__name__ for c in DISK_CASES])
def test_create_disk_answers_its_documented_codes(uow: UnitOfWork, document: dict[str, Any],
                                                  error: type[errors.ApiError]) -> None:  # fmt: skip
    wanted = disk_lifecycle.NewDisk(zone_id=ZONE, category="cloud_essd", size=40)
    disk = disk_lifecycle.create(uow, SCOPE, wanted)
    condition_checks.check_disk(uow, SCOPE, disk)
    given(uow, document)
    with pytest.raises(error):
        condition_checks.check_disk(uow, SCOPE, disk_lifecycle.create(uow, SCOPE, wanted))


def test_a_short_balance_stops_pay_as_you_go_instances_from_starting(uow: UnitOfWork, rules: Behaviour) -> None:
    [instance] = create(uow, rules)
    [prepaid] = create(uow, rules, instance_charge_type="PrePaid", period=1)
    given(uow, {"InsufficientBalance": True})
    scope = Scope(ACCOUNT, REGION, NOW, rules)
    with pytest.raises(errors.InsufficientBalance):  # StartInstance.md: 403 InsufficientBalance
        instances.start(uow, scope, instance.id)
    instances.start(uow, scope, prepaid.id)  # a subscription is paid for


# --- the disks' KMS keys (CreateInstance.md, RunInstances.md and CreateDisk.md error tables) -----------------

KEY = "0e478b7a-4262-4802-b8cb-00d3fb40unit"


def test_kms_keys_are_declared_or_not() -> None:
    assert parse({}).kms_keys is None  # not declared: every KMSKeyId is taken as given
    assert parse({"KmsKeys": []}).kms_keys == ()  # declared: none
    declared = parse({"KmsKeys": [{"KeyId": KEY, "KeyState": "Disabled", "Origin": "EXTERNAL",
                                   "RegionId": "cn-beijing"}, {"KeyId": "k2"}]})  # fmt: skip
    assert account_conditions.document(declared)["KmsKeys"] == [
        {"KeyId": KEY, "KeyState": "Disabled", "Origin": "EXTERNAL", "RegionId": "cn-beijing"},
        {"KeyId": "k2", "KeyState": "Enabled", "Origin": "Aliyun_KMS", "RegionId": ""},
    ]
    assert parse(account_conditions.document(declared)) == declared
    assert account_conditions.document(parse({}))["KmsKeys"] is None


@pytest.mark.parametrize(("document", "field"), [
    ({"KmsKeys": {}}, "KmsKeys"),
    ({"KmsKeys": [KEY]}, "KmsKeys[0]"),
    ({"KmsKeys": [{"KeyId": KEY, "State": "Enabled"}]}, "KmsKeys[0]"),
    ({"KmsKeys": [{}]}, "KmsKeys[0].KeyId"),
    ({"KmsKeys": [{"KeyId": "k" * 129}]}, "KmsKeys[0].KeyId"),
    ({"KmsKeys": [{"KeyId": KEY}, {"KeyId": KEY}]}, "KmsKeys[1].KeyId"),
    ({"KmsKeys": [{"KeyId": KEY, "KeyState": "enabled"}]}, "KmsKeys[0].KeyState"),
    ({"KmsKeys": [{"KeyId": KEY, "Origin": "BYOK"}]}, "KmsKeys[0].Origin"),
    ({"KmsKeys": [{"KeyId": KEY, "RegionId": "cn-nowhere"}]}, "KmsKeys[0].RegionId"),
    ({"ByokUnsupportedRegions": ["cn-nowhere"]}, "ByokUnsupportedRegions[0]"),
    ({"RegionsWithoutVpc": ["cn-nowhere"]}, "RegionsWithoutVpc[0]"),
    ({"SecurityLockedInstances": ["d-bp1disk"]}, "SecurityLockedInstances[0]"),
    ({"SecurityLockDeniesRelease": "yes"}, "SecurityLockDeniesRelease"),
])  # fmt: skip
def test_a_bad_kms_vpc_or_lock_document_names_its_field(document: Any, field: str) -> None:
    with pytest.raises(InvalidConditions) as caught:
        parse(document)
    assert caught.value.name == field


ENCRYPTED = {"kms_key_ids": [KEY], "encrypted_disks": True}
EXTERNAL = {"KeyId": KEY, "Origin": "EXTERNAL"}

# (conditions, what the order changes, the answer): both actions word these alike.
KMS_CASES: list[tuple[dict[str, Any], dict[str, Any], type[errors.ApiError]]] = [
    # "you must first authorize and activate KMS. Otherwise, you cannot create encrypted ECS disks"
    ({"KmsUnauthorized": True}, ENCRYPTED, errors.KmsUnauthorized),
    ({"KmsUnauthorized": True}, {"encrypted_disks": True}, errors.KmsUnauthorized),  # the default key
    ({"KmsKeys": []}, ENCRYPTED, errors.KmsKeyNotFound),
    ({"KmsKeys": [{"KeyId": "another"}]}, ENCRYPTED, errors.KmsKeyNotFound),
    ({"KmsKeys": [{"KeyId": KEY, "RegionId": "cn-beijing"}]}, ENCRYPTED, errors.KmsKeyNotFound),  # regional
    # "Only CMKs in the Enabled state can be used to encrypt or decrypt" (KMS: impact of CMK status)
    ({"KmsKeys": [{"KeyId": KEY, "KeyState": "Disabled"}]}, ENCRYPTED, errors.KmsKeyNotEnabled),
    ({"KmsKeys": [{"KeyId": KEY, "KeyState": "PendingDeletion"}]}, ENCRYPTED, errors.KmsKeyNotEnabled),
    ({"KmsKeys": [{**EXTERNAL, "KeyState": "PendingImport"}]}, ENCRYPTED, errors.KmsKeyNotEnabled),
    # BYOK: "For a BYOK-based CMK, the value of Origin is EXTERNAL"
    ({"KmsKeys": [EXTERNAL], "ByokUnsupportedRegions": [REGION]}, ENCRYPTED, errors.ByokRegionNotSupported),
    ({"KmsKeys": [EXTERNAL], "ByokNotWhitelisted": True}, ENCRYPTED, errors.ByokNotWhitelisted),
    ({"RegionsWithoutVpc": [REGION]}, {"vpc_id": "vpc-1"}, errors.VpcNotAvailableInZone),
]  # fmt: skip


@pytest.mark.parametrize(("document", "changes", "error"), KMS_CASES,
                         ids=[f"{c[2].__name__}-{n}" for n, c in enumerate(KMS_CASES)])  # fmt: skip
def test_each_key_condition_answers_its_documented_code(uow: UnitOfWork, document: dict[str, Any],
                                                        changes: dict[str, Any], error: type[errors.ApiError]) -> None:  # fmt: skip
    order = replace(ORDER, **changes)
    given(uow, document)
    for action in (CREATE_INSTANCE, RUN_INSTANCES):
        with pytest.raises(error):
            condition_checks.check_instances(uow, SCOPE, replace(order, action=action))


@pytest.mark.parametrize(("document", "changes"), [
    ({"KmsUnauthorized": True}, {}),  # nothing encrypted
    ({"KmsKeys": []}, {"encrypted_disks": True}),  # the default key: no KMSKeyId to look up
    ({"KmsKeys": [{"KeyId": KEY}]}, ENCRYPTED),
    ({"KmsKeys": [{"KeyId": KEY, "RegionId": REGION}]}, ENCRYPTED),
    ({"KmsKeys": [{"KeyId": KEY}], "ByokNotWhitelisted": True, "ByokUnsupportedRegions": [REGION]}, ENCRYPTED),
    ({"KmsKeys": [EXTERNAL], "ByokUnsupportedRegions": ["cn-beijing"]}, ENCRYPTED),
    ({"ByokNotWhitelisted": True}, ENCRYPTED),  # keys not declared: nothing says this one is BYOK
    ({"RegionsWithoutVpc": [REGION]}, {}),  # a classic instance
])  # fmt: skip
def test_a_key_that_may_be_used_refuses_nothing(uow: UnitOfWork, document: dict[str, Any],
                                                 changes: dict[str, Any]) -> None:  # fmt: skip
    given(uow, document)
    condition_checks.check_instances(uow, SCOPE, replace(ORDER, **changes))


def test_instance_creation_hands_its_keys_to_the_conditions(uow: UnitOfWork, rules: Behaviour) -> None:
    from classiclink.domain.disks import DiskRequest

    given(uow, {"KmsKeys": [{"KeyId": KEY, "KeyState": "Disabled"}]})
    system = DiskRequest(encrypted=True, kms_key_id=KEY)  # RunInstances' SystemDisk.Encrypted / .KMSKeyId
    with pytest.raises(errors.KmsKeyNotEnabled):
        create(uow, rules, run=True, system_disk=system)
    with pytest.raises(errors.KmsKeyNotEnabled):
        create(uow, rules, data_disks=[DiskRequest(size=40, encrypted=True, kms_key_id=KEY)])
    given(uow, {"KmsKeys": [{"KeyId": KEY}]})
    [instance] = create(uow, rules, run=True, system_disk=system)
    [disk] = uow.disks.find(account_id=ACCOUNT, instance_id=instance.id)
    assert (disk.encrypted, disk.kms_key_id) == (True, KEY)


@pytest.mark.parametrize(("document", "wanted", "error"), [
    ({"KmsKeys": []}, {"encrypted": True, "kms_key_id": KEY}, errors.KmsKeyNotFound),
    ({"KmsKeys": [{**EXTERNAL, "KeyState": "PendingImport"}]}, {"encrypted": True, "kms_key_id": KEY},
     errors.KmsKeyNotEnabled),
    ({"KmsKeys": [EXTERNAL], "ByokNotWhitelisted": True}, {"encrypted": True, "kms_key_id": KEY},
     errors.ByokNotWhitelisted),
    ({"KmsUnauthorized": True}, {"encrypted": True}, errors.KmsUnauthorized),
])  # fmt: skip
def test_create_disk_checks_its_key(uow: UnitOfWork, document: dict[str, Any], wanted: dict[str, Any],
                                    error: type[errors.ApiError]) -> None:  # fmt: skip
    new = disk_lifecycle.NewDisk(zone_id=ZONE, category="cloud_essd", size=40, **wanted)
    given(uow, document)
    with pytest.raises(error):
        condition_checks.check_disk(uow, SCOPE, disk_lifecycle.create(uow, SCOPE, new), kms_key_id=new.kms_key_id)
    # With InstanceId, KMSKeyId "is ignored" (CreateDisk): the action hands none on.
    if not document.get("KmsUnauthorized"):
        condition_checks.check_disk(uow, SCOPE, disk_lifecycle.create(uow, SCOPE, new))


# --- CreateVpc ---------------------------------------------------------------------------------------------


def test_create_vpc_where_vpcs_are_not_available(uow: UnitOfWork) -> None:
    from classiclink.domain.regions import REGIONS

    zones = list(REGIONS[REGION].zones)
    condition_checks.check_vpc(uow, SCOPE)
    given(uow, {"RegionsWithoutVpc": [REGION]})
    with pytest.raises(errors.VpcNotAvailableInRegion):  # 400 ResourceNotAvailable.Vpc
        condition_checks.check_vpc(uow, SCOPE)
    given(uow, {"ZonesWithoutVpc": zones})  # no zone left for a vSwitch: 400 ResourceNotAvailable
    with pytest.raises(errors.VpcNotAvailableInZone):
        condition_checks.check_vpc(uow, SCOPE)
    given(uow, {"ZonesWithoutVpc": zones[:-1], "RegionsWithoutVpc": ["cn-beijing"]})
    condition_checks.check_vpc(uow, SCOPE)  # one zone left, and another region


# --- instances locked for security reasons ---------------------------------------------------------------------


def test_a_locked_instance_refuses_its_writes_and_shows_its_lock(uow: UnitOfWork, rules: Behaviour) -> None:
    from classiclink.domain import images, instance_attributes, security_groups, snapshots
    from classiclink.reads import instances as instance_reads

    scope = Scope(ACCOUNT, REGION, NOW, rules)
    vswitch, group = vpc_setup(uow, rules)
    [locked] = create(uow, rules, network=(vswitch, group))
    [free] = create(uow, rules, network=(vswitch, group))
    given(uow, {"SecurityLockedInstances": [locked.id]})
    assert condition_checks.security_locked(uow, ACCOUNT) == {locked.id}
    assert instance_reads.view(locked, NOW, locked=True)["OperationLocks"] == {
        "LockReason": [
            {"LockMsg": "The specified instance is locked due to security reason.", "LockReason": "security"}
        ]
    }
    assert instance_reads.attribute_view(locked, NOW, locked=True)["OperationLocks"] == {
        "LockReason": [{"LockReason": "security"}]}  # fmt: skip
    [system] = uow.disks.find(account_id=ACCOUNT, instance_id=locked.id)
    disk = disk_lifecycle.create(uow, scope, disk_lifecycle.NewDisk(zone_id=ZONE, size=40))
    # "API behavior when an instance is locked for security reasons": Error; each action's table words it.
    refusals: list[tuple[Any, type[errors.ApiError]]] = [
        (lambda: instances.start(uow, scope, locked.id), errors.InstanceLockedForSecurity),
        (lambda: instances.reboot(uow, scope, locked.id), errors.InstanceLockedForSecurity),
        (lambda: instance_attributes.allocate_public_ip(uow, scope, locked.id), errors.InstanceLockedForSecurity),
        (lambda: security_groups.leave(uow, scope, group.id, locked.id), errors.InstanceLockedForSecurity),
        (lambda: disk_lifecycle.attach(uow, scope, disk_id=disk.id, instance_id=locked.id),
         errors.DiskInstanceLockedForSecurity),
        (lambda: disk_lifecycle.resize(uow, scope, disk_id=system.id, new_size=100), errors.DiskInstanceLockedForSecurity),
        (lambda: snapshots.create(uow, scope, disk_id=system.id), errors.SnapshotInstanceLockedForSecurity),
        (lambda: instances.stop(uow, scope, locked.id), errors.InstanceLockedForSecurity),
        (lambda: instance_attributes.modify_attribute(uow, scope, locked.id, instance_attributes.AttributeChange(
            name="renamed")), errors.InstanceLockedForSecurity),
        (lambda: instance_attributes.modify_spec(uow, scope, locked.id, instance_type="ecs.g6.xlarge", bandwidth_out=None,
                                                 bandwidth_in=None), errors.InstanceLockedForSecurity),
        (lambda: instance_attributes.modify_network_spec(uow, scope, locked.id, bandwidth_out=5, bandwidth_in=None,
                                                         charge_type=None, allocate_public_ip=False),
         errors.InstanceLockedForSecurity),
        (lambda: disk_lifecycle.detach(uow, scope, disk_id=system.id, instance_id=locked.id),
         errors.DiskInstanceLockedForSecurity),
        (lambda: disk_lifecycle.replace_system_disk(uow, scope, instance_id=locked.id, wanted=disk_lifecycle.NewSystemDisk(
            image_id="ubuntu_22_04_x64_20G_alibase_20230907.vhd")), errors.DiskInstanceLockedForSecurity),
        (lambda: images.create(uow, scope, images.NewImage(instance_id=locked.id)), errors.ImageInstanceLockedForSecurity),
    ]  # fmt: skip
    for call, error in refusals:
        with pytest.raises(error):
            call()
    instances.start(uow, scope, free.id)  # another instance of the account is not locked
    condition_checks.clear(uow, ACCOUNT)
    # Unlocked, the writes go through.
    instance_attributes.modify_attribute(uow, scope, locked.id, instance_attributes.AttributeChange(name="renamed"))
    images.create(uow, scope, images.NewImage(instance_id=locked.id))
    instances.start(uow, scope, locked.id)


def test_deleting_a_locked_instance_releases_every_attached_disk_or_is_refused(uow: UnitOfWork,
                                                                                rules: Behaviour) -> None:  # fmt: skip
    from classiclink.domain.disks import DiskRequest

    scope = Scope(ACCOUNT, REGION, NOW, rules)
    kept = [DiskRequest(size=40, delete_with_instance=False)]
    [locked] = create(uow, rules, data_disks=kept)
    [free] = create(uow, rules, data_disks=kept)
    given(uow, {"SecurityLockedInstances": [locked.id], "SecurityLockDeniesRelease": True})
    with pytest.raises(errors.InstanceLockedForSecurity):  # DeleteInstance's error table
        instances.delete(uow, scope, locked.id)
    given(uow, {"SecurityLockedInstances": [locked.id]})
    # "Even if DeleteWithInstance is set to false for the data disks ... the data disks are released along with
    # the instance." (DeleteInstance)
    instances.delete(uow, scope, locked.id)
    instances.delete(uow, scope, free.id)
    left = uow.disks.find(account_id=ACCOUNT)
    assert [d.origin_instance_id or d.instance_id for d in left] == [""]  # the free instance's data disk, detached
    assert len(left) == 1
