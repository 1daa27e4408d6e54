"""The CreateInstance / RunInstances options beyond placement, each checked as the references document it
(E-CI, E-RI): names with ordered suffixes, host names per OS, passwords, auto-release time, subscription
periods, spot and metadata options, tags.

Everything here is a plain function of its inputs; ``instances.create`` calls them before anything is made.
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass

from .. import errors
from . import instance_types

# --- the image's operating system -------------------------------------------------------------------------

_OS_NAMES = {
    "ubuntu": "Ubuntu", "centos": "CentOS", "debian": "Debian", "aliyun": "Alibaba Cloud Linux",
    "alinux": "Alibaba Cloud Linux", "rockylinux": "Rocky Linux", "almalinux": "AlmaLinux", "suse": "SUSE",
    "opensuse": "openSUSE", "anolis": "Anolis OS", "fedora": "Fedora", "freebsd": "FreeBSD", "win": "Windows Server",
}  # fmt: skip


@dataclass(frozen=True)
class OperatingSystem:
    os_type: str  # linux | windows
    name: str  # OSName (the console's Chinese wording)
    name_en: str  # OSNameEn


def operating_system(image_id: str) -> OperatingSystem:
    """What DescribeInstances reports for a public image name such as ``ubuntu_22_04_x64_20G_alibase_...``
    or ``win2019_1809_x64_dtc_en-us_40G_alibase_...``; other images are Linux."""
    lowered = image_id.lower()
    if lowered.startswith("win"):
        version = re.match(r"win(\d{4})", lowered)
        release = version.group(1) if version else ""
        return OperatingSystem("windows", f"Windows Server {release} 数据中心版 64位".replace("  ", " "),
                               f"Windows Server {release} Datacenter 64bit".replace("  ", " "))  # fmt: skip
    family = re.match(r"([a-z]+)", lowered)
    distro = _OS_NAMES.get(family.group(1) if family else "", "Linux")
    numbers = re.match(r"[a-z]+_?(\d+)(?:_(\d+))?", lowered)
    release = ".".join(part for part in (numbers.groups() if numbers else ()) if part)
    bits = "32" if "_x32_" in lowered or "_i386_" in lowered else "64"
    label = f"{distro} {release}".strip()
    return OperatingSystem("linux", f"{label} {bits}位", f"{label} {bits} bit")


# --- names, host names and their ordered suffixes ------------------------------------------------------------

# "name_prefix[begin_number,bits]name_suffix": begin_number 0–999999, bits 1–6 (RunInstances, InstanceName).
_ORDERED = re.compile(r"\[(\d{1,6}),([1-6])\]")
UNIQUE_SUFFIX_WIDTH = 3  # UniqueSuffix appends 001, 002 ... up to 999


def ordered_names(pattern: str, amount: int, unique_suffix: bool) -> list[str]:
    """The names of ``amount`` instances: a ``[begin,bits]`` placeholder counts up from ``begin``, padded
    to ``bits`` digits; otherwise UniqueSuffix appends 001, 002 ...; otherwise every instance gets ``pattern``."""
    match = _ORDERED.search(pattern)
    if match:
        begin, bits = int(match.group(1)), int(match.group(2))
        head, tail = pattern[: match.start()], pattern[match.end() :]
        return [f"{head}{begin + i:0{bits}d}{tail}" for i in range(amount)]
    if unique_suffix and pattern:
        return [f"{pattern}{i:03d}" for i in range(1, amount + 1)]
    return [pattern] * amount


_HOST_SEGMENT = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_WINDOWS_HOST = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def valid_host_name(name: str, windows: bool = False) -> bool:
    """Dots and hyphens never first, last or doubled. Windows: 2–15 characters, no dots, not all digits;
    others: 2–64, dot-separated segments of letters, digits and hyphens (RunInstances, HostName)."""
    if windows:
        return 2 <= len(name) <= 15 and bool(_WINDOWS_HOST.fullmatch(name)) and not name.isdigit()
    return 2 <= len(name) <= 64 and all(_HOST_SEGMENT.fullmatch(part) for part in name.split("."))


def host_name_limit(windows: bool) -> int:
    return 15 if windows else 64


# --- passwords --------------------------------------------------------------------------------------------

PASSWORD_SPECIALS = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/"


def check_password(password: str, *, windows: bool, inherit: bool) -> None:
    """8–30 characters from three of: lower case, upper case, digits, the documented specials; a Windows
    password does not start with "/". PasswordInherit excludes a Password."""
    if not password:
        return
    if inherit:
        raise errors.PasswordInheritConflict()
    allowed = all(c.isascii() and (c.isalnum() or c in PASSWORD_SPECIALS) for c in password)
    classes = sum((
        any(c.islower() for c in password), any(c.isupper() for c in password),
        any(c.isdigit() for c in password), any(c in PASSWORD_SPECIALS for c in password),
    ))  # fmt: skip
    if not (8 <= len(password) <= 30 and allowed and classes >= 3) or (windows and password.startswith("/")):
        raise errors.PasswordMalformed()


# --- auto-release time and subscription periods -------------------------------------------------------------

AUTO_RELEASE_MIN = 30 * 60  # "at least 30 minutes later than the current time"
AUTO_RELEASE_MAX = 3 * 365 * 24 * 3600  # "at most three years"
_AUTO_RELEASE = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?Z")


def auto_release_at(text: str, now: float) -> float:
    """Epoch seconds of ``yyyy-MM-ddTHH:mm:ssZ`` (UTC); seconds other than 00 fall back to the start of
    their minute. 0.0 when not given."""
    if not text:
        return 0.0
    match = _AUTO_RELEASE.fullmatch(text)
    if match is None:
        raise errors.AutoReleaseTimeMalformed()
    year, month, day, hour, minute = (int(g) for g in match.groups()[:5])
    try:
        when = float(calendar.timegm((year, month, day, hour, minute, 0, 0, 0, 0)))
        time.gmtime(when)
    except (ValueError, OverflowError):
        raise errors.AutoReleaseTimeMalformed() from None
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60):
        raise errors.AutoReleaseTimeMalformed()
    if not now + AUTO_RELEASE_MIN <= when <= now + AUTO_RELEASE_MAX:
        raise errors.AutoReleaseTimeMalformed()
    return when


PERIODS = {"Week": (1, 2, 3, 4), "Month": (1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48, 60)}
_UNIT_SECONDS = {"Week": 7 * 24 * 3600, "Month": 30 * 24 * 3600}


def subscription_seconds(charge_type: str, period: int | None, unit: str) -> float:
    """How long a PrePaid instance is bought for: Period is required, in the documented values of its
    unit (Week 1–4; Month 1–9, 12, 24, 36, 48, 60). PostPaid: 0 (Period does not apply)."""
    if charge_type != "PrePaid":
        return 0.0
    if period is None:
        raise errors.PeriodMissing()
    if unit not in PERIODS or period not in PERIODS[unit]:
        raise errors.PeriodInvalid()
    return float(period * _UNIT_SECONDS[unit])


def price(instance_type_cpus: int, memory_mib: int, seconds: float) -> float:
    """A plausible list price (CNY) for TradePrice: per vCPU and GiB per month, pro rata."""
    monthly = instance_type_cpus * 60.0 + memory_mib / 1024 * 20.0
    return round(monthly * seconds / _UNIT_SECONDS["Month"], 2)


# A preemptible instance costs "up to 90% less" than pay-as-you-go: its market price here is that floor, one
# tenth of the hourly list price, so a SpotPriceLimit below it is refused (docs/compatibility.md).
SPOT_MARKET_SHARE = 0.1


def spot_market_price(instance_type_cpus: int, memory_mib: int) -> float:
    """The current public (market) price per hour of a preemptible instance of this shape, 3 decimals."""
    hourly = price(instance_type_cpus, memory_mib, 3600.0 * 1000) / 1000  # unrounded per hour
    return round(hourly * SPOT_MARKET_SHARE, 3)


# --- spot, metadata and burstable options ------------------------------------------------------------------

SPOT_STRATEGIES = ("NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo")
SPOT_DURATIONS = (0, 1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class SpotOptions:
    strategy: str = "NoSpot"
    price_limit: float = 0.0
    duration: int = 0
    interruption_behavior: str = "Terminate"


def check_spot(
    *, strategy: str, price_limit: float | None, duration: int | None, behavior: str, prepaid: bool, classic: bool
) -> SpotOptions:
    """SpotStrategy applies to PostPaid instances; SpotPriceLimit (at most 3 decimals) only with
    SpotWithPriceLimit; SpotDuration 0–6 hours (default 1 for a spot instance); interruption Terminate or Stop."""
    if strategy not in SPOT_STRATEGIES:
        raise errors.SpotStrategyInvalid()
    spot = strategy != "NoSpot"
    if spot and prepaid:
        raise errors.SpotPrepaid()
    if price_limit is not None and (price_limit < 0 or round(price_limit, 3) != price_limit):
        raise errors.SpotPriceLimitInvalid()
    if duration is not None and duration not in SPOT_DURATIONS:
        raise errors.SpotDurationInvalid()
    if behavior not in ("Terminate", "Stop"):
        raise errors.SpotInterruptionBehaviorInvalid()
    if spot and classic:
        raise errors.SpotClassicNotSupported()
    if not spot:
        return SpotOptions()
    limit = price_limit if strategy == "SpotWithPriceLimit" and price_limit is not None else 0.0
    return SpotOptions(strategy, limit, 1 if duration is None else duration, behavior)


CREDIT_SPECIFICATIONS = ("Standard", "Unlimited")
# Burstable families: CreditSpecification applies to them only.
BURSTABLE_FAMILIES = ("ecs.t5", "ecs.t6", "ecs.t7", "ecs.t8")


def check_credit_specification(value: str, instance_type: str) -> str:
    if not value:
        return ""
    if value not in CREDIT_SPECIFICATIONS or not instance_type.startswith(BURSTABLE_FAMILIES):
        raise errors.CreditSpecificationInvalid()
    return value


# Retired generation-I families may run without I/O optimization; every other type must be optimized.
NOT_OPTIMIZED_FAMILIES = ("ecs.t1.", "ecs.s1.", "ecs.s2.", "ecs.s3.", "ecs.m1.", "ecs.m2.", "ecs.c1.", "ecs.c2.")


def io_optimized(value: str, instance_type: str, *, invalid: type[errors.ApiError] = errors.IoOptimizeInvalid) -> bool:
    """IoOptimized: none | optimized, default by type (retired types: none). The catalogue says which types can be
    I/O optimized (instance_types.io_optimization); ``invalid`` is the action's code for another value."""
    found = instance_types.TYPES.get(instance_type)
    support = found.io_optimization if found else ("optional" if instance_type.startswith(NOT_OPTIMIZED_FAMILIES)
                                                     else "required")  # fmt: skip
    if value == "":
        return support == "required"
    if value not in ("optimized", "none"):
        raise invalid()
    if value == "none" and support == "required":
        raise errors.IoOptimizedRequired()
    if value == "optimized" and support == "unsupported":
        raise errors.IoOptimizedTypeNotSupported()
    return value == "optimized"
