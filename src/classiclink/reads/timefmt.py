"""Timestamps as each product prints them."""

from __future__ import annotations

import time


def vpc_time(epoch: float) -> str:
    """VPC API: 2018-04-18T15:02:37Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def ecs_time(epoch: float) -> str:
    """ECS API: minute precision, 2017-12-10T04:04Z."""
    return time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(epoch))
