"""The admin interface: a small JSON HTTP API at ``/_classiclink/admin/`` for accounts, AccessKeys,
RAM users and policies, protected by a bearer token; and the ``/_classiclink/health`` probe."""

from __future__ import annotations

from .http import ADMIN_PREFIX, HEALTH_PATH, AdminApp, HealthApp, admin_mounts

__all__ = ["ADMIN_PREFIX", "HEALTH_PATH", "AdminApp", "HealthApp", "admin_mounts"]
