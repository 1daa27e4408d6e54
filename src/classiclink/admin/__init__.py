"""The admin interface (http.py: accounts, keys, users, policies, roles, conditions, faults) and what the
edge mounts for it (mounts.py). Importing the package imports neither app: each is built on its first
request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .mounts import ADMIN_PREFIX, HEALTH_PATH, HealthApp, admin_mounts

if TYPE_CHECKING:
    from .http import AdminApp

__all__ = ["ADMIN_PREFIX", "HEALTH_PATH", "AdminApp", "HealthApp", "admin_mounts"]


def __getattr__(name: str) -> Any:
    # ``from classiclink.admin import AdminApp`` still works; the import of http.py waits for it.
    if name == "AdminApp":
        from .http import AdminApp

        return AdminApp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
