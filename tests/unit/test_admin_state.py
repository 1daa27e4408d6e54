"""admin/state.py on the memory store: the resources listing (kinds, paging, status at a time) and
snapshots (what each scope holds, the format check, a restore that replaces all or nothing)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from classiclink.admin import state
from classiclink.admin.service import AdminError
from classiclink.domain.identity import GLOBAL, AccessKey, Account, ClientToken, Nonce
from classiclink.domain.model import Disk, Instance, Lifecycle, Link, Vpc
from classiclink.domain.ports import UnitOfWork
from classiclink.store.memory import MemoryStore

from .conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION


def vpc(id: str, account: str = ACCOUNT, region: str = REGION, lifecycle: Lifecycle | None = None) -> Vpc:
    life = lifecycle or Lifecycle("Available")
    return Vpc(id, account, region, NOW, "172.16.0.0/12", id, "", life, "vrt-" + id, "vtb-" + id)


def populate(uow: UnitOfWork) -> None:
    for uid in (ACCOUNT, OTHER_ACCOUNT):
        uow.accounts.add(Account(uid, uid, GLOBAL, NOW, name=uid))
        uow.access_keys.add(AccessKey("key-" + uid, uid, GLOBAL, NOW, secret="s-" + uid))
    uow.vpcs.add(vpc("vpc-a", lifecycle=Lifecycle("Pending", [(NOW + 5, "Available")])))
    uow.vpcs.add(vpc("vpc-b", region="cn-beijing"))
    uow.vpcs.add(vpc("vpc-c"))
    uow.vpcs.add(vpc("vpc-theirs", account=OTHER_ACCOUNT))
    uow.instances.add(Instance("i-a", ACCOUNT, REGION, NOW, "cn-hangzhou-h", "n", "", "h", "ecs.g6.large", "img",
                               "classic", ["sg-a"], Lifecycle("Running")))  # fmt: skip
    uow.links.add(Link("i-a", ACCOUNT, REGION, NOW, "vpc-a"))
    uow.disks.add(Disk("d-a", ACCOUNT, REGION, NOW, "cn-hangzhou-h", "system", "cloud_essd", 40, instance_id="i-a"))
    uow.nonces.add(Nonce("key:n1", ACCOUNT, GLOBAL, NOW))
    uow.client_tokens.add(ClientToken(f"{ACCOUNT}:Vpc:CreateVpc:t", ACCOUNT, GLOBAL, NOW, response="{}"))


@pytest.fixture
def filled(uow: UnitOfWork) -> UnitOfWork:
    populate(uow)
    return uow


def test_every_cloud_resource_table_is_a_kind_and_identity_and_transient_tables_are_not() -> None:
    from classiclink.domain.ports import ENTITIES

    assert set(ENTITIES) == {*state.RESOURCE_TABLES, *state.IDENTITY_TABLES, *state.TRANSIENT_TABLES}
    assert not set(state.RESOURCE_TABLES) & {*state.IDENTITY_TABLES, *state.TRANSIENT_TABLES}


def test_listing_shows_the_status_at_the_time_asked(filled: UnitOfWork) -> None:
    early = state.list_resources(filled, ACCOUNT, "vpcs", {}, NOW + 1)
    assert [v["id"] for v in early["Items"]] == ["vpc-a", "vpc-b", "vpc-c"] and early["TotalCount"] == 3
    assert early["Items"][0]["status"] == "Pending"
    assert early["Items"][0]["pending_steps"] == [["2027-01-15T08:00:05Z", "Available"]]
    later = state.list_resources(filled, ACCOUNT, "vpcs", {}, NOW + 5)["Items"][0]
    assert later["status"] == "Available" and later["pending_steps"] == []
    assert later["created_at"] == "2027-01-15T08:00:00Z" and "lifecycle" not in later
    disk = state.list_resources(filled, ACCOUNT, "disks", {}, NOW)["Items"][0]
    assert disk["status"] == "In_use" and disk["size"] == 40


def test_listing_pages_filters_by_region_and_keeps_to_the_account(filled: UnitOfWork) -> None:
    page = state.list_resources(filled, ACCOUNT, "vpcs", {"PageSize": "2", "PageNumber": "2"}, NOW)
    assert [v["id"] for v in page["Items"]] == ["vpc-c"] and page["TotalCount"] == 3 and page["PageSize"] == 2
    beyond = state.list_resources(filled, ACCOUNT, "vpcs", {"PageSize": "2", "PageNumber": "3"}, NOW)
    assert beyond["Items"] == [] and beyond["TotalCount"] == 3
    regional = state.list_resources(filled, ACCOUNT, None, {"RegionId": "cn-beijing"}, NOW)
    assert regional["Resources"]["vpcs"]["TotalCount"] == 1 and regional["Resources"]["links"]["TotalCount"] == 0
    theirs = state.list_resources(filled, OTHER_ACCOUNT, None, {}, NOW)["Resources"]
    assert [v["id"] for v in theirs["vpcs"]["Items"]] == ["vpc-theirs"] and theirs["instances"]["Items"] == []


@pytest.mark.parametrize(
    ("account", "kind", "query", "code"),
    [
        ("9999", None, {}, "EntityNotExist.Account"),
        ("x", None, {}, "EntityNotExist.Account"),
        (ACCOUNT, "nonces", {}, "NotFound"),
        (ACCOUNT, "route_tables", {}, "NotFound"),
        (ACCOUNT, None, {"PageSize": "0"}, "InvalidParameter"),
        (ACCOUNT, None, {"PageSize": str(state.MAX_PAGE_SIZE + 1)}, "InvalidParameter"),
        (ACCOUNT, None, {"PageNumber": "-1"}, "InvalidParameter"),
        (ACCOUNT, None, {"RegionId": "cn/../x"}, "InvalidParameter"),
    ],
)
def test_listing_refusals(filled: UnitOfWork, account: str, kind: str | None, query: dict[str, str], code: str) -> None:
    with pytest.raises(AdminError) as caught:
        state.list_resources(filled, account, kind, query, NOW)
    assert caught.value.code == code and caught.value.status in (400, 404)


def test_server_snapshot_holds_identity_and_resources_but_no_nonces_or_tokens(filled: UnitOfWork) -> None:
    snapshot = state.take_snapshot(filled, None, NOW)
    assert (snapshot["format"], snapshot["version"], snapshot["scope"]) == ("classiclink-snapshot", 1, "server")
    assert set(snapshot["tables"]) == {*state.IDENTITY_TABLES, *state.RESOURCE_TABLES}
    assert {k["secret"] for k in snapshot["tables"]["access_keys"]} == {"s-" + ACCOUNT, "s-" + OTHER_ACCOUNT}
    pending = next(v for v in snapshot["tables"]["vpcs"] if v["id"] == "vpc-a")["lifecycle"]
    assert pending == {"status": "Pending", "steps": [[NOW + 5, "Available"]]}
    json.dumps(snapshot)  # plain JSON all the way down


def test_server_snapshot_round_trips_into_another_store(filled: UnitOfWork) -> None:
    snapshot = json.loads(json.dumps(state.take_snapshot(filled, None, NOW)))
    other = MemoryStore()
    with other.unit_of_work() as uow:
        uow.vpcs.add(vpc("vpc-gone"))
        uow.client_tokens.add(ClientToken("t", ACCOUNT, GLOBAL, NOW))
        uow.nonces.add(Nonce("kept", ACCOUNT, GLOBAL, NOW))
        answer = state.restore_snapshot(uow, None, snapshot)
        uow.commit()
    assert answer["Restored"]["vpcs"] == 4
    with other.unit_of_work(read_only=True) as uow:
        assert state.take_snapshot(uow, None, NOW) == snapshot
        assert uow.vpcs.get("vpc-gone", account_id=None) is None
        assert uow.client_tokens.find(account_id=None) == [] and len(uow.nonces.find(account_id=None)) == 1
        restored = uow.vpcs.get("vpc-a", account_id=ACCOUNT)
        assert restored is not None and restored.lifecycle == Lifecycle("Pending", [(NOW + 5, "Available")])


def test_account_snapshot_holds_only_that_accounts_resources_and_restores_only_them(filled: UnitOfWork) -> None:
    snapshot = json.loads(json.dumps(state.take_snapshot(filled, ACCOUNT, NOW)))
    assert snapshot["scope"] == "account" and snapshot["account_id"] == ACCOUNT
    assert set(snapshot["tables"]) == set(state.RESOURCE_TABLES)
    assert "vpc-theirs" not in json.dumps(snapshot)
    filled.vpcs.add(vpc("vpc-new"))
    filled.links.remove(filled.links.find(account_id=ACCOUNT)[0])
    filled.vpcs.add(vpc("vpc-theirs-2", account=OTHER_ACCOUNT))
    state.restore_snapshot(filled, ACCOUNT, snapshot)
    assert state.take_snapshot(filled, ACCOUNT, NOW) == snapshot
    assert [v.id for v in filled.vpcs.find(account_id=OTHER_ACCOUNT)] == ["vpc-theirs", "vpc-theirs-2"]
    assert filled.client_tokens.find(account_id=ACCOUNT) == [] and filled.nonces.find(account_id=ACCOUNT) != []
    assert filled.access_keys.get("key-" + ACCOUNT, account_id=ACCOUNT) is not None  # identity untouched


def _refused(uow: UnitOfWork, account: str | None, document: Any) -> AdminError:
    before = state.take_snapshot(uow, None, NOW)
    with pytest.raises(AdminError) as caught:
        state.restore_snapshot(uow, account, document)
    assert state.take_snapshot(uow, None, NOW) == before  # checked before anything is removed
    return caught.value


def test_restore_refuses_foreign_newer_and_malformed_documents(filled: UnitOfWork) -> None:
    good = state.take_snapshot(filled, None, NOW)
    assert _refused(filled, None, {"format": "other", "version": 1}).code == "InvalidSnapshot"
    newer = _refused(filled, None, {**good, "version": 2})
    assert newer.code == "SnapshotTooNew" and "version 2" in newer.message and "\n" not in newer.message
    assert _refused(filled, None, {**good, "version": "1"}).code == "InvalidSnapshot"
    assert _refused(filled, None, {**good, "tables": []}).code == "InvalidSnapshot"
    assert _refused(filled, None, {**good, "tables": {"nonces": []}}).code == "InvalidSnapshot"

    def with_vpc(change: dict[str, Any]) -> dict[str, Any]:
        document = json.loads(json.dumps(good))
        document["tables"]["vpcs"][0].update(change)
        return document

    for change in ({"cidr_block": 1}, {"classic_link_enabled": "yes"}, {"surprise": 1}, {"created_at": "now"},
                   {"lifecycle": "Available"}, {"lifecycle": {"status": "A", "steps": [[1]]}},
                   {"user_cidrs": [1]}, {"account_id": "3000000000000003"}):  # fmt: skip
        assert _refused(filled, None, with_vpc(change)).code == "InvalidSnapshot", change
    missing = json.loads(json.dumps(good))
    del missing["tables"]["vpcs"][0]["cidr_block"]
    assert "cidr_block" in _refused(filled, None, missing).message
    twice = json.loads(json.dumps(good))
    twice["tables"]["vpcs"].append(twice["tables"]["vpcs"][0])
    assert "twice" in _refused(filled, None, twice).message


def test_restore_keeps_scopes_and_accounts_apart(filled: UnitOfWork) -> None:
    server = state.take_snapshot(filled, None, NOW)
    mine = state.take_snapshot(filled, ACCOUNT, NOW)
    assert "per-account" in _refused(filled, None, mine).message
    assert "whole-server" in _refused(filled, ACCOUNT, server).message
    assert _refused(filled, OTHER_ACCOUNT, mine).code == "InvalidSnapshot"
    assert _refused(filled, "9999", mine).code == "EntityNotExist.Account"
    smuggled = json.loads(json.dumps(mine))
    smuggled["tables"]["vpcs"][0]["account_id"] = OTHER_ACCOUNT
    assert _refused(filled, ACCOUNT, smuggled).code == "InvalidSnapshot"
    # An id another account holds here would collide: refused, not a 500.
    taken = json.loads(json.dumps(mine))
    taken["tables"]["vpcs"][0]["id"] = "vpc-theirs"
    assert "another account" in _refused(filled, ACCOUNT, taken).message


def test_restore_refuses_a_classic_address_another_account_has_taken_since(uow: UnitOfWork) -> None:
    populate(uow)
    mine = uow.instances.get("i-a", account_id=ACCOUNT)
    assert mine is not None
    mine.inner_ip = "10.20.30.40"
    uow.instances.save(mine)
    snapshot = json.loads(json.dumps(state.take_snapshot(uow, ACCOUNT, NOW)))
    uow.links.remove(uow.links.find(account_id=ACCOUNT)[0])
    uow.disks.remove(uow.disks.find(account_id=ACCOUNT)[0])
    uow.instances.remove(mine)
    uow.instances.add(Instance("i-theirs", OTHER_ACCOUNT, REGION, NOW, "cn-hangzhou-h", "n", "", "h", "ecs.g6.large",
                               "img", "classic", ["sg-b"], Lifecycle("Running"), inner_ip="10.20.30.40"))  # fmt: skip
    refused = _refused(uow, ACCOUNT, snapshot)
    assert refused.status == 400 and "10.20.30.40" in refused.message
