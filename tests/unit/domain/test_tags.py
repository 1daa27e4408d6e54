"""The tag rules of domain/tags.py, as the ECS and VPC TagResources pages state them."""

from __future__ import annotations

import pytest

from classiclink import errors
from classiclink.domain import tags


@pytest.mark.parametrize("key", ["a", "k" * 128, "Env", "team:web", "Aliyunx"[1:]])
def test_a_key_of_1_to_128_characters_is_valid(key: str) -> None:
    assert tags.valid_key(key)


@pytest.mark.parametrize(
    "key",
    # The pages: not empty, at most 128 characters, not starting with aliyun or acs:, no http:// or https://.
    ["", "k" * 129, "aliyun", "aliyunKey", "acs:env", "ACS:env", "x-http://y", "https://x"],
)
def test_reserved_long_empty_or_url_keys_are_refused(key: str) -> None:
    assert not tags.valid_key(key)


def test_a_value_may_be_empty_but_not_longer_than_128_or_hold_a_url() -> None:
    assert tags.valid_value("")
    assert tags.valid_value("v" * 128)
    assert not tags.valid_value("v" * 129)
    assert not tags.valid_value("see http://example")


def test_checked_normalises_and_keeps_the_order() -> None:
    assert tags.checked([{"Key": "b"}, {"Key": "a", "Value": "1"}], tags.ECS_ERRORS) == [
        {"Key": "b", "Value": ""}, {"Key": "a", "Value": "1"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("given", "ecs", "vpc"),
    [
        ([{"Key": "acs:x"}], errors.EcsInvalidTagKey, errors.VpcInvalidTagKey),
        ([{"Key": "k", "Value": "v" * 129}], errors.EcsInvalidTagValue, errors.VpcInvalidTagValue),
        # "If you specify multiple tags, the tag keys cannot be duplicated."
        ([{"Key": "k"}, {"Key": "k", "Value": "2"}], errors.EcsDuplicateTagKey, errors.VpcDuplicateTagKey),
        # "You can specify up to 20 tags."
        ([{"Key": f"k{i}"} for i in range(21)], errors.EcsTooManyTags, errors.VpcTooManyTags),
    ],
)
def test_each_product_answers_its_own_code(
    given: list[dict[str, str]], ecs: type[errors.ApiError], vpc: type[errors.ApiError]
) -> None:
    with pytest.raises(ecs):
        tags.checked(given, tags.ECS_ERRORS)
    with pytest.raises(vpc):
        tags.checked(given, tags.VPC_ERRORS)


def test_merged_overwrites_a_key_in_place_and_caps_a_resource_at_20() -> None:
    existing = [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    assert tags.merged(existing, [{"Key": "a", "Value": "9"}], tags.VPC_ERRORS) == [
        {"Key": "a", "Value": "9"}, {"Key": "b", "Value": "2"},
    ]  # fmt: skip
    full = [{"Key": f"k{i}", "Value": ""} for i in range(20)]
    assert len(tags.merged(full, [{"Key": "k0", "Value": "x"}], tags.ECS_ERRORS)) == 20
    # "You can add up to 20 tags to each instance ... An error message is returned if the maximum is reached."
    with pytest.raises(errors.EcsTagQuotaExceeded):
        tags.merged(full, [{"Key": "new", "Value": ""}], tags.ECS_ERRORS)
    with pytest.raises(errors.VpcTagQuotaExceeded):
        tags.merged(full, [{"Key": "new", "Value": ""}], tags.VPC_ERRORS)


def test_without_removes_the_keys_or_everything() -> None:
    existing = [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    assert tags.without(existing, ["a", "absent"]) == [{"Key": "b", "Value": "2"}]
    assert tags.without(existing, None) == []


def test_every_taggable_row_names_a_repository_of_resources_with_tags() -> None:
    from classiclink.domain.ports import ENTITIES

    for table in (*tags.ECS_TAGGABLE.values(), *tags.VPC_TAGGABLE.values()):
        assert "tags" in ENTITIES[table].__dataclass_fields__, table
