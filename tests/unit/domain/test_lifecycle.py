"""Timed status changes (Pending -> Available, Starting -> Running) read without a background worker."""

from __future__ import annotations

from classiclink.domain.model import Lifecycle, new_id, new_request_id


def test_steps_take_effect_at_their_time() -> None:
    life = Lifecycle("Pending")
    life.move(100.0, "Pending", (2.0, "Starting"), (3.0, "Running"))
    assert [life.at(t) for t in (100.0, 101.9, 102.0, 104.9, 105.0)] == [
        "Pending", "Pending", "Starting", "Starting", "Running"]  # fmt: skip


def test_zero_delay_settles_at_once() -> None:
    life = Lifecycle("Stopped")
    life.move(100.0, "Starting", (0.0, "Running"))
    assert (life.status, life.steps) == ("Running", [])


def test_settle_folds_past_steps_and_round_trips() -> None:
    life = Lifecycle("Pending")
    life.move(100.0, "Pending", (1.0, "Starting"), (1.0, "Running"))
    life.settle(101.5)
    assert (life.status, life.steps) == ("Starting", [(102.0, "Running")])
    assert Lifecycle.decode(life.encode()) == life


def test_ids_look_like_the_real_ones() -> None:
    vpc_id = new_id("vpc", "cn-hangzhou")
    assert vpc_id.startswith("vpc-bp1") and len(vpc_id) == len("vpc-") + 22 and vpc_id[4:].isalnum()
    assert new_id("i", "cn-beijing").startswith("i-2ze")
    request_id = new_request_id()
    assert request_id == request_id.upper() and len(request_id) == 36 and request_id.count("-") == 4
