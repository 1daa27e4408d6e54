"""The CreateInstance / RunInstances option rules (domain/instance_options.py, tags.checked); each case
cites the RunInstances reference."""

from __future__ import annotations

import calendar

import pytest

from classiclink import errors
from classiclink.domain import instance_options as opts
from classiclink.domain import tags

NOW = float(calendar.timegm((2024, 1, 1, 0, 0, 0, 0, 0, 0)))


class TestNames:
    def test_ordered_placeholder_counts_from_begin_padded_to_bits(self) -> None:
        # "instance-[99,3]-test" -> instance-099-test, instance-100-test (InstanceName, ordered names)
        assert opts.ordered_names("instance-[99,3]-test", 2, False) == ["instance-099-test", "instance-100-test"]

    def test_unique_suffix_appends_001_upwards(self) -> None:
        # UniqueSuffix: "LocalHost001, LocalHost002"
        assert opts.ordered_names("LocalHost", 2, True) == ["LocalHost001", "LocalHost002"]

    def test_without_either_every_instance_gets_the_name(self) -> None:
        assert opts.ordered_names("web", 2, False) == ["web", "web"]

    @pytest.mark.parametrize("host", ["a", "-web", "web-", "we..b", "x" * 65])
    def test_linux_host_names_refused(self, host: str) -> None:
        assert not opts.valid_host_name(host)

    @pytest.mark.parametrize("host", ["web.example", "x" * 15])
    def test_windows_host_names_have_no_dots_and_at_most_15(self, host: str) -> None:
        # Windows: 2-15 characters, no dots, not all digits
        assert opts.valid_host_name(host) and (opts.valid_host_name(host, windows=True) == ("." not in host))
        assert not opts.valid_host_name("x" * 16, windows=True)
        assert not opts.valid_host_name("12345", windows=True)


class TestPassword:
    @pytest.mark.parametrize("password", ["EcsV587!", "abcdEFGH1", "abc123!@#"])
    def test_three_of_four_classes(self, password: str) -> None:
        opts.check_password(password, windows=False, inherit=False)

    @pytest.mark.parametrize("password", ["Ab1!", "abcdefgh", "abcdefg1", "A" * 31 + "a1", "Abcdefg1\\", "Abcd fg1"])
    def test_refused(self, password: str) -> None:
        # 8-30 characters, three classes, specials from ()`~!@#$%^&*-_+=|{}[]:;'<>,.?/
        with pytest.raises(errors.PasswordMalformed):
            opts.check_password(password, windows=False, inherit=False)

    def test_windows_password_does_not_start_with_a_slash(self) -> None:
        opts.check_password("/Abcdefg1", windows=False, inherit=False)
        with pytest.raises(errors.PasswordMalformed):
            opts.check_password("/Abcdefg1", windows=True, inherit=False)

    def test_password_inherit_excludes_a_password(self) -> None:
        with pytest.raises(errors.PasswordInheritConflict):
            opts.check_password("EcsV587!", windows=False, inherit=True)


class TestAutoReleaseTime:
    def test_seconds_fall_back_to_the_minute(self) -> None:
        assert opts.auto_release_at("2024-01-02T00:00:59Z", NOW) == NOW + 24 * 3600

    @pytest.mark.parametrize("text", ["2024-01-01T00:29:00Z", "2027-01-02T00:00:00Z", "2024/01/02 00:00", "2024-13-01T00:00:00Z"])
    def test_at_least_30_minutes_at_most_three_years_iso8601(self, text: str) -> None:
        with pytest.raises(errors.AutoReleaseTimeMalformed):
            opts.auto_release_at(text, NOW)


class TestPeriod:
    def test_prepaid_needs_a_period(self) -> None:
        with pytest.raises(errors.PeriodMissing):
            opts.subscription_seconds("PrePaid", None, "Month")

    @pytest.mark.parametrize(("period", "unit"), [(5, "Week"), (10, "Month"), (0, "Month")])
    def test_documented_values_only(self, period: int, unit: str) -> None:
        with pytest.raises(errors.PeriodInvalid):
            opts.subscription_seconds("PrePaid", period, unit)

    def test_postpaid_ignores_period(self) -> None:
        assert opts.subscription_seconds("PostPaid", None, "Month") == 0.0
        assert opts.subscription_seconds("PrePaid", 2, "Week") == 14 * 24 * 3600


class TestSpotAndOthers:
    def test_spot_defaults(self) -> None:
        spot = opts.check_spot(strategy="SpotAsPriceGo", price_limit=None, duration=None, behavior="Terminate",
                               prepaid=False, classic=False)  # fmt: skip
        assert (spot.strategy, spot.duration) == ("SpotAsPriceGo", 1)

    @pytest.mark.parametrize(("kwargs", "error"), [
        ({"strategy": "Cheap"}, errors.SpotStrategyInvalid),
        ({"strategy": "SpotAsPriceGo", "prepaid": True}, errors.SpotPrepaid),
        ({"price_limit": 0.1234}, errors.SpotPriceLimitInvalid),
        ({"duration": 7}, errors.SpotDurationInvalid),
        ({"behavior": "Hibernate"}, errors.SpotInterruptionBehaviorInvalid),
        ({"strategy": "SpotAsPriceGo", "classic": True}, errors.SpotClassicNotSupported),
    ])  # fmt: skip
    def test_spot_errors(self, kwargs: dict[str, object], error: type[errors.ApiError]) -> None:
        args: dict[str, object] = {"strategy": "SpotWithPriceLimit", "price_limit": None, "duration": None,
                                   "behavior": "Terminate", "prepaid": False, "classic": False}  # fmt: skip
        with pytest.raises(error):
            opts.check_spot(**{**args, **kwargs})  # type: ignore[arg-type]

    def test_credit_specification_for_burstable_types_only(self) -> None:
        assert opts.check_credit_specification("Unlimited", "ecs.t6-c1m1.large") == "Unlimited"
        with pytest.raises(errors.CreditSpecificationInvalid):
            opts.check_credit_specification("Unlimited", "ecs.g6.large")

    def test_io_optimized(self) -> None:
        assert opts.io_optimized("", "ecs.g6.large") is True
        assert opts.io_optimized("none", "ecs.t1.small") is False
        with pytest.raises(errors.IoOptimizedRequired):
            opts.io_optimized("none", "ecs.g6.large")
        with pytest.raises(errors.IoOptimizeInvalid):
            opts.io_optimized("fast", "ecs.g6.large")

    def test_operating_system_from_the_image(self) -> None:
        assert opts.operating_system("ubuntu_22_04_x64_20G_alibase_20230907.vhd").name_en == "Ubuntu 22.04 64 bit"
        assert opts.operating_system("win2019_1809_x64_dtc_en-us_40G_alibase_20230811.vhd").os_type == "windows"


class TestTags:
    @pytest.mark.parametrize(("tag", "error"), [
        ({"Key": "", "Value": "v"}, errors.EcsInvalidTagKey),
        ({"Key": "aliyun-x", "Value": "v"}, errors.EcsInvalidTagKey),
        ({"Key": "acs:x", "Value": "v"}, errors.EcsInvalidTagKey),
        ({"Key": "k" * 129, "Value": "v"}, errors.EcsInvalidTagKey),
        ({"Key": "k", "Value": "http://x"}, errors.EcsInvalidTagValue),
        ({"Key": "k", "Value": "v" * 129}, errors.EcsInvalidTagValue),
    ])  # fmt: skip
    def test_reserved_prefixes_and_lengths(self, tag: dict[str, str], error: type[errors.ApiError]) -> None:
        with pytest.raises(error):
            tags.checked([tag], tags.ECS_ERRORS)

    def test_duplicate_keys(self) -> None:
        with pytest.raises(errors.EcsDuplicateTagKey):
            tags.checked([{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}], tags.ECS_ERRORS)
