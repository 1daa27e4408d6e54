"""Unit-test fixtures: the in-memory store stands in for SQLite; domain rules never see SQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from classiclink.domain.ports import UnitOfWork
from classiclink.settings import Behaviour
from classiclink.store.memory import MemoryStore

ACCOUNT = "1000000000000001"
OTHER_ACCOUNT = "2000000000000002"
REGION = "cn-hangzhou"
NOW = 1_800_000_000.0


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def uow(store: MemoryStore) -> Iterator[UnitOfWork]:
    with store.unit_of_work() as unit:
        yield unit


@pytest.fixture
def rules() -> Behaviour:
    return Behaviour(transition_delay=0)
