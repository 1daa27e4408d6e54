"""What an instance's creation and deletion mean for its network: its primary ENI, its EIP, its ENIs.

Called once from instances.create and once from instances.delete, so those stay about instances.
"""

from __future__ import annotations

from . import eips, network_interfaces
from .model import Instance
from .ports import UnitOfWork
from .scope import Scope


def on_create(uow: UnitOfWork, scope: Scope, instance: Instance) -> None:
    """A VPC instance gets its primary ENI, carrying its private address and security groups."""
    if not instance.is_classic:
        network_interfaces.create_primary(uow, scope, instance)


def on_delete(uow: UnitOfWork, scope: Scope, instance: Instance) -> None:
    """Its EIP is freed (not released: DeleteInstance), its primary ENI goes, secondary ENIs are detached."""
    eips.free_instance(uow, instance)
    network_interfaces.release_with_instance(uow, instance)
