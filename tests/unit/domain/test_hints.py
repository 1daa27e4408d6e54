"""Hints travel with the domain's errors, for the server log; the error's code and text are unchanged."""

from __future__ import annotations

import pytest

from classiclink import errors
from classiclink.domain.instances import INSTANCE_TYPES, instance_shape
from classiclink.domain.regions import REGIONS, classic_hint, classic_regions, zones_hint


@pytest.mark.parametrize("name", ["t1.small", "ecs.t1.huge", "ecs.g6.128xlarge"])
def test_an_unknown_instance_type_hints_the_valid_ones(name: str) -> None:
    with pytest.raises(errors.InstanceTypeNotSupported) as raised:
        instance_shape(name)
    # The hint names the usual types, then points at the whole catalogue (domain/instance_types.py).
    assert raised.value.hint.startswith("valid instance types: " + ", ".join(INSTANCE_TYPES) + "; or any of the ")
    assert str(raised.value) == "InvalidInstanceType.ValueNotSupported: The specified InstanceType beyond the permitted range."


def test_the_region_hints() -> None:
    assert classic_regions() == [r.id for r in REGIONS.values() if r.classic] and "cn-hangzhou" in classic_regions()
    assert "eu-central-1" not in classic_regions()
    assert classic_hint("eu-central-1").startswith("eu-central-1 has no classic network; regions with one")
    assert zones_hint(REGIONS["cn-qingdao"]) == "valid zones in cn-qingdao: cn-qingdao-b, cn-qingdao-c"


def test_errors_have_no_hint_unless_given() -> None:
    assert errors.VpcNotFound().hint == ""
    assert errors.VpcNotFound().hinted("x").hint == "x"
