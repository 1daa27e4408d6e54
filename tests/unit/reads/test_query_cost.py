"""A request loads the rows it shows plus a small constant, never the whole region (issue 7): reads ask
the store for the filters and the page, and free addresses are probed, not found by a scan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from classiclink import errors
from classiclink.domain import instances
from classiclink.domain.model import Instance, Lifecycle, VSwitch
from classiclink.domain.ports import Repository, Store, UnitOfWork
from classiclink.domain.scope import Scope
from classiclink.reads import instances as instance_reads
from classiclink.reads.instances import InstanceFilter
from classiclink.reads.paging import Paging, paginate
from classiclink.store.memory import MemoryStore
from classiclink.store.sqlite import SqliteStore

from ..conftest import ACCOUNT, NOW, OTHER_ACCOUNT, REGION

MANY = 500


class Counting(Repository[Instance]):
    """The instances repository, counting every row it hands out."""

    def __init__(self, inner: Repository[Instance]) -> None:
        self.inner = inner
        self.loaded = 0

    def get(self, id: str, *, account_id: str | None) -> Instance | None:
        found = self.inner.get(id, account_id=account_id)
        self.loaded += found is not None
        return found

    def find(self, *, account_id: str | None, limit: int | None = None, offset: int = 0,
             after: tuple[float, str] | None = None, **where: Any) -> list[Instance]:  # fmt: skip
        found = self.inner.find(account_id=account_id, limit=limit, offset=offset, after=after, **where)
        self.loaded += len(found)
        return found

    def count(self, *, account_id: str | None, **where: Any) -> int:
        return self.inner.count(account_id=account_id, **where)

    def exists(self, *, account_id: str | None, **where: Any) -> bool:
        return self.inner.exists(account_id=account_id, **where)

    def add(self, obj: Instance) -> None:
        self.inner.add(obj)

    def save(self, obj: Instance) -> None:
        self.inner.save(obj)

    def remove(self, obj: Instance) -> None:
        self.inner.remove(obj)

    def purge_older_than(self, created_before: float) -> int:
        return self.inner.purge_older_than(created_before)


def instance(n: int, *, account: str = ACCOUNT, vswitch: str = "vsw-1", private_ip: str = "", inner_ip: str = "",
             created: float | None = None) -> Instance:  # fmt: skip
    return Instance(f"i-{n:05d}", account, REGION, NOW + n if created is None else created, zone_id=f"{REGION}-i",
                    name=f"web-{n % 7}", description="", host_name="h", instance_type="ecs.g6.large",
                    image_id="ubuntu_22", network_type="vpc" if private_ip else "classic",
                    security_group_ids=[f"sg-{n % 3}"], lifecycle=Lifecycle("Running", []),
                    vpc_id="vpc-1" if private_ip else "", vswitch_id=vswitch if private_ip else "",
                    private_ip=private_ip, inner_ip=inner_ip)  # fmt: skip


@pytest.fixture(params=["memory", "sqlite"])
def many(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """MANY VPC instances of the account (some sharing a creation time) and MANY classic ones of another."""
    store: Store = MemoryStore() if request.param == "memory" else SqliteStore(str(tmp_path / "s.db"))
    with store.unit_of_work() as uow:
        for n in range(MANY):
            uow.instances.add(instance(n, private_ip=f"172.16.{n // 250}.{n % 250 + 1}", created=NOW + n // 3))
            uow.instances.add(instance(MANY + n, account=OTHER_ACCOUNT, inner_ip=f"10.1.{n // 250}.{n % 250 + 1}"))
        uow.commit()
    yield store
    store.close()


def counted(store: Store) -> tuple[UnitOfWork, Counting]:
    uow = store.unit_of_work()
    uow.__enter__()
    counting = Counting(uow.instances)
    uow.instances = counting
    return uow, counting


def reference(repo: Repository[Instance], where: InstanceFilter, paging: Paging) -> list[str]:
    """What the old whole-region filter answered: everything in the region, filtered and cut here."""
    every = repo.find(account_id=ACCOUNT, region_id=REGION)
    ids = set(where.instance_ids) if where.instance_ids is not None else None
    kept = [i for i in every if (ids is None or i.id in ids) and (not where.name or i.name == where.name)
            and (not where.security_group_id or where.security_group_id in i.security_group_ids)]  # fmt: skip
    return [i.id for i in paginate(kept, paging).items]


@pytest.mark.parametrize(
    "where",
    [InstanceFilter(), InstanceFilter(name="web-3"), InstanceFilter(security_group_id="sg-1"),
     InstanceFilter(instance_ids=["i-00400", "i-00007", "i-00600", "i-00123"])],
)
def test_a_page_loads_only_its_rows(many: Store, where: InstanceFilter) -> None:
    uow, counting = counted(many)
    scope = Scope(ACCOUNT, REGION, NOW)
    for paging in (Paging(page_number=3, page_size=10), Paging(max_results=10)):
        counting.loaded = 0
        page = instance_reads.find(uow, scope, where, paging)
        assert counting.loaded <= 10 + 1
        assert [i.id for i in page.items] == reference(counting.inner, where, paging)
    uow.rollback()


def test_token_pages_walk_the_whole_list_in_store_order(many: Store) -> None:
    uow, counting = counted(many)
    scope = Scope(ACCOUNT, REGION, NOW)
    seen: list[str] = []
    token = ""
    while True:
        counting.loaded = 0
        page = instance_reads.find(uow, scope, InstanceFilter(), Paging(next_token=token, max_results=37))
        assert counting.loaded <= 37 + 1 and page.total == MANY
        seen += [i.id for i in page.items]
        token = page.next_token
        if not token:
            break
    assert seen == [f"i-{n:05d}" for n in range(MANY)]
    uow.rollback()


def test_a_bad_token_is_still_refused(many: Store) -> None:
    uow, _ = counted(many)
    with pytest.raises(errors.InvalidParameter):
        instance_reads.find(uow, Scope(ACCOUNT, REGION, NOW), InstanceFilter(), Paging(next_token="zz"))
    uow.rollback()


def test_a_free_private_address_is_found_without_loading_the_vswitch(many: Store) -> None:
    vswitch = VSwitch("vsw-1", ACCOUNT, REGION, NOW, vpc_id="vpc-1", zone_id=f"{REGION}-i",
                      cidr_block="172.16.0.0/16", name="", description="", lifecycle=Lifecycle("Available", []))  # fmt: skip
    uow, counting = counted(many)
    # Addresses 172.16.0.1 .. 172.16.1.250 are taken (the 250th of the first /24 included): the lowest free one
    # is 172.16.0.251, in the first block of candidates.
    assert instances._private_ip(uow, vswitch, "") == "172.16.0.251"
    assert counting.loaded <= 256
    uow.instances.remove(uow.instances.get("i-00002", account_id=ACCOUNT))  # type: ignore[arg-type]
    assert instances._private_ip(uow, vswitch, "") == "172.16.0.3"
    with pytest.raises(errors.PrivateIpDuplicated):
        instances._private_ip(uow, vswitch, "172.16.1.1")
    assert instances._private_ip(uow, vswitch, "172.16.0.3") == "172.16.0.3"
    uow.rollback()


def test_a_classic_address_is_probed_not_scanned(many: Store) -> None:
    uow, counting = counted(many)
    address = instances._inner_ip(uow, REGION, "")
    assert counting.loaded == 0
    assert not uow.instances.exists(account_id=None, region_id=REGION, inner_ip=address)
    with pytest.raises(errors.InnerIpUnusable):  # another account's address: the classic network is shared
        instances._inner_ip(uow, REGION, "10.1.0.1")
    assert counting.loaded == 0
    uow.rollback()
