"""Resource groups: one notion for ECS and VPC.

Resource groups are not a store of their own: every account has exactly one, its default resource group,
whose ID is stable per account. Every resource starts in it; CreateInstance / RunInstances
(``ResourceGroupId``), ECS JoinResourceGroup and VPC MoveResourceGroup may name only it, and any other ID
answers the documented ``InvalidResourceGroup.NotFound`` (docs/compatibility.md).
"""

from __future__ import annotations

from .. import errors


def default_group(account_id: str) -> str:
    # Every account has a default resource group; its ID is stable per account.
    return "rg-acfm" + format(int(account_id) % (36**10), "x").rjust(10, "0")[:10]


def check(account_id: str, group_id: str) -> str:
    """The group the account means: ``group_id`` when it is one of its groups, else the documented NotFound."""
    if group_id != default_group(account_id):
        raise errors.ResourceGroupNotFound()
    return group_id
