"""ClassicLink links as DescribeClassicLinkInstances shows them: filters, query, paging, view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import errors
from ..domain.model import Link
from ..domain.ports import AnyOf, UnitOfWork
from ..domain.scope import Scope
from .paging import Page, Paging, query_page


def find(
    uow: UnitOfWork,
    scope: Scope,
    *,
    vpc_id: str | None,
    instance_ids: Sequence[str],
    owner_id: str | None,
    paging: Paging,
) -> Page[Link]:
    """Links matching the VPC and/or instance filters (ANDed). A named instance the account does not have
    is an error; a VPC without links gives an empty list."""
    if not vpc_id and not instance_ids:
        raise errors.InstanceIdAndVpcIdEmpty()
    account_id, region_id = scope.account_id, scope.region_id
    if owner_id and owner_id != account_id:
        raise errors.InstanceNotBelong() if instance_ids else errors.VpcNotBelong()
    for instance_id in instance_ids:
        if uow.instances.get_in_region(instance_id, account_id=account_id, region_id=region_id) is None:
            raise errors.ClassicLinkInstanceNotFound()
    # A link's id is its instance's id: the store answers both filters and the page.
    query: dict[str, Any] = {"region_id": region_id}
    if vpc_id:
        query["vpc_id"] = vpc_id
    if instance_ids:
        query["id"] = AnyOf(instance_ids)
    return query_page(uow.links, account_id, paging, **query)


def view(link: Link) -> dict[str, Any]:
    return {"InstanceId": link.instance_id, "VpcId": link.vpc_id}
