"""Run-time settings: the server's knobs, and the behaviour switches for points the docs leave open.

Every switch's default and the reason for it is listed in docs/compatibility.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DEFAULT_ACCOUNT_ID = "1000000000000001"
DEFAULT_ACCESS_KEY_ID = "testid"
DEFAULT_ACCESS_KEY_SECRET = "testsecret"


@dataclass(frozen=True)
class Behaviour:
    """How the domain answers where documents disagree or are silent."""

    # Seconds each lifecycle step takes (Pending -> Available, Starting -> Running ...); 0 = at once.
    transition_delay: float = 1.0
    # Links still exist on DisableVpcClassicLink: "2019" = seed's DependencyViolation.Instance 404,
    # "2024" = the current docs' InvalidAction 400.
    disable_with_links: Literal["2019", "2024"] = "2019"
    # EnableVpcClassicLink on an enabled VPC: "error" = IncorrectClassicLinkStatus 404 (2019 doc), "noop" = success.
    enable_when_enabled: Literal["error", "noop"] = "error"
    # A custom route that blocks enabling: "exact" = destination exactly 10.0.0.0/8 (the docs' words),
    # "within" = any destination inside 10.0.0.0/8 (AWS's rule).
    route_conflict: Literal["exact", "within"] = "exact"
    links_per_vpc: int = 1000
    # Real default quotas: 10 VPCs per region, 150 vSwitches per VPC (raised from 24 in later docs).
    vpcs_per_region: int = 10
    vswitches_per_vpc: int = 150


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    database: str = "classiclink.db"
    behaviour: Behaviour = field(default_factory=Behaviour)
    # Signature checks; "off" accepts any signature but still needs a known AccessKeyId.
    verify_signatures: bool = True
    timestamp_skew: float = 15 * 60
    # Refuse parameters an action does not declare (UnsupportedParameter) instead of ignoring them as the
    # real gateway does.
    strict_parameters: bool = False
    nonce_ttl: float = 15 * 60
    client_token_ttl: float = 24 * 3600
    ram_mode: Literal["enforce", "off"] = "enforce"
    max_body_bytes: int = 1024 * 1024
    max_value_chars: int = 8192
    config_file: str | None = None
    seed_file: str | None = None  # a YAML state to start with (seed.py)
    admin_token: str | None = None
    # One log line per request (logger classiclink.requests, INFO): "line", "json" (with masked parameters), "off".
    request_log: Literal["line", "json", "off"] = "line"
    # --inject-fault rules, "Action" or "Action=count".
    faults: tuple[str, ...] = ()
