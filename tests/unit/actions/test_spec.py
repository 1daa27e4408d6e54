"""Parameter validation comes from the action descriptions (api-spec §5.1, §5.9)."""

from __future__ import annotations

import pytest

from classiclink import errors
from classiclink.actions.spec import (
    ActionSpec,
    Bool,
    CommaList,
    Int,
    JsonList,
    Param,
    RegionParam,
    Request,
    Str,
)  # fmt: skip
from classiclink.reads.paging import Paging, paginate


def spec(*params: Param, **kw: object) -> ActionSpec:
    return ActionSpec(version="2016-04-28", name="Test", params=params, request_type=Request, handler=lambda r, s, u: {},
                      ram_action="vpc:Test", resources=lambda r, s: ["*"], denied=errors.VpcForbidden,
                      **kw)  # type: ignore[arg-type]  # fmt: skip


def test_missing_required_parameter_message() -> None:
    with pytest.raises(errors.MissingParameter) as raised:
        spec(Param("VpcId", Str(), required=True)).parse({})
    assert raised.value.status == 400
    assert raised.value.text == 'The input parameter "VpcId" that is mandatory for processing this request is not supplied.'


def test_invalid_parameter_message() -> None:
    with pytest.raises(errors.InvalidParameter) as raised:
        spec(Param("PageSize", Int(1, 50))).parse({"PageSize": "51"})
    assert (raised.value.code, raised.value.status) == ("InvalidParameter", 400)
    assert raised.value.text == 'The specified parameter "PageSize" is not valid.'


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("True", True), ("TRUE", True), ("false", False),
                                            ("False", False)])  # fmt: skip
def test_booleans_in_any_case(raw: str, value: bool) -> None:
    assert spec(Param("DryRun", Bool())).parse({"DryRun": raw}) == {"DryRun": value}


@pytest.mark.parametrize("raw", ["yes", "1", ""])
def test_bad_booleans(raw: str) -> None:
    if raw == "":
        assert spec(Param("DryRun", Bool(), default=False)).parse({"DryRun": raw}) == {"DryRun": False}
        return
    with pytest.raises(errors.InvalidParameter):
        spec(Param("DryRun", Bool())).parse({"DryRun": raw})


@pytest.mark.parametrize("raw", ["1.5", "abc", "99999999999999999999", "0x10"])
def test_bad_integers(raw: str) -> None:
    with pytest.raises(errors.InvalidParameter):
        spec(Param("PageNumber", Int(1))).parse({"PageNumber": raw})


def test_json_lists() -> None:
    p = spec(Param("InstanceIds", JsonList(max_items=2)))
    assert p.parse({"InstanceIds": '["i-1","i-2"]'}) == {"InstanceIds": ["i-1", "i-2"]}
    assert p.parse({"InstanceIds": "[]"}) == {"InstanceIds": []}
    for bad in ('["i-1",', '"i-1"', "[1]", '["a","b","c"]'):
        with pytest.raises(errors.InvalidParameter):
            p.parse({"InstanceIds": bad})


def test_comma_lists_are_trimmed_and_bounded() -> None:
    p = spec(Param("InstanceId", CommaList(max_items=2, too_many=errors.TooManyInstanceIds)))
    assert p.parse({"InstanceId": "i-test, i-test1"}) == {"InstanceId": ["i-test", "i-test1"]}
    with pytest.raises(errors.TooManyInstanceIds):
        p.parse({"InstanceId": "a,b,c"})


def test_repeat_lists() -> None:
    p = spec(Param("Tag", repeat_fields=("Key", "Value"), max_repeat=3))
    assert p.parse({"Tag.2.Key": "b", "Tag.1.Key": "a", "Tag.1.Value": "1"}) == {
        "Tag": [{"Key": "a", "Value": "1"}, {"Key": "b"}]}  # fmt: skip
    for bad in ("Tag.4.Key", "Tag.0.Key", "Tag.x.Key", "Tag.1.Colour", "Tag.1"):
        with pytest.raises(errors.InvalidParameter):
            p.parse({bad: "v"})


def test_region_uses_the_apis_own_error() -> None:
    with pytest.raises(errors.VpcRegionNotFound):
        spec(Param("RegionId", RegionParam(errors.VpcRegionNotFound))).parse({"RegionId": "cn-nowhere"})


def test_one_of_is_checked_before_required() -> None:
    s = spec(Param("InstanceId", Str(), required=True), Param("VpcId", Str(), required=True),
             one_of=(("InstanceId", "VpcId"), errors.InstanceIdAndVpcIdEmpty))  # fmt: skip
    with pytest.raises(errors.InstanceIdAndVpcIdEmpty):
        s.parse({})
    with pytest.raises(errors.MissingParameter):
        s.parse({"VpcId": "vpc-1"})


def test_string_limits_and_api_error() -> None:
    s = spec(Param("VpcName", Str(max_len=3, error=errors.InvalidVpcName)))
    with pytest.raises(errors.InvalidVpcName):
        s.parse({"VpcName": "abcd"})


class _Item:
    def __init__(self, n: int) -> None:
        self.id, self.created_at = f"r-{n:03}", float(n)


def test_paging_is_one_based() -> None:
    items = [_Item(n) for n in range(25)]
    assert [i.created_at for i in paginate(items, Paging(page_number=3, page_size=10)).items] == [20, 21, 22, 23, 24]
    assert paginate(items[:5], Paging(page_number=2, page_size=10)).items == []


def test_token_paging_walks_every_item_once() -> None:
    items = [_Item(n) for n in range(25)]
    seen: list[float] = []
    token: str | None = ""
    while token is not None:
        page = paginate(items, Paging(next_token=token or None, max_results=10))
        seen += [i.created_at for i in page.items]
        token = page.next_token or None
    assert seen == [float(n) for n in range(25)]
    with pytest.raises(errors.InvalidParameter):
        paginate(items, Paging(next_token="zz", max_results=10))
