"""Private addresses of a vSwitch, shared by instances and elastic network interfaces.

An address is taken when an instance holds it (``instances.private_ip``, unique per vSwitch by index) or
an ENI holds it besides an instance's own address (a ``private_addresses`` row, whose id
``<vSwitch>/<address>`` is unique). Both are asked of the store, a block of candidates at a time, so the
cost follows the vSwitch, never the region. A vSwitch's first address and last three are reserved (V-CVSW).
"""

from __future__ import annotations

import ipaddress

from .. import errors
from .model import PrivateAddress, VSwitch
from .ports import AnyOf, UnitOfWork

_BLOCK = 256


def usable_range(vswitch: VSwitch) -> tuple[int, int]:
    network = ipaddress.ip_network(vswitch.cidr_block, strict=False)
    return int(network.network_address) + 1, int(network.broadcast_address) - 3


def in_vswitch(vswitch: VSwitch, address: str) -> bool:
    try:
        value = int(ipaddress.IPv4Address(address))
    except ValueError:
        return False
    first, last = usable_range(vswitch)
    return first <= value <= last


def taken(uow: UnitOfWork, vswitch: VSwitch, address: str) -> bool:
    account = vswitch.account_id
    return uow.instances.exists(account_id=account, vswitch_id=vswitch.id, private_ip=address) or (
        uow.private_addresses.get(key(vswitch.id, address), account_id=account) is not None
    )


def free(uow: UnitOfWork, vswitch: VSwitch, count: int, *, exhausted: type[errors.ApiError],
         skip: frozenset[str] = frozenset()) -> list[str]:  # fmt: skip
    """The ``count`` lowest free addresses (not in ``skip``), or ``exhausted``."""
    first, last = usable_range(vswitch)
    account = vswitch.account_id
    found: list[str] = []
    for start in range(first, last + 1, _BLOCK):
        block = [str(ipaddress.IPv4Address(v)) for v in range(start, min(start + _BLOCK, last + 1))]
        held = uow.instances.count(account_id=account, vswitch_id=vswitch.id, private_ip=AnyOf(block))
        held += uow.private_addresses.count(account_id=account, vswitch_id=vswitch.id, address=AnyOf(block))
        if held == len(block):
            continue
        used = {i.private_ip for i in uow.instances.find(account_id=account, vswitch_id=vswitch.id,
                                                          private_ip=AnyOf(block))}  # fmt: skip
        used |= {a.address for a in uow.private_addresses.find(account_id=account, vswitch_id=vswitch.id,
                                                                address=AnyOf(block))}  # fmt: skip
        found += [c for c in block if c not in used and c not in skip][: count - len(found)]
        if len(found) == count:
            return found
    raise exhausted()


def key(vswitch_id: str, address: str) -> str:
    return f"{vswitch_id}/{address}"


def hold(uow: UnitOfWork, vswitch: VSwitch, address: str, network_interface_id: str, now: float) -> None:
    uow.private_addresses.add(PrivateAddress(
        id=key(vswitch.id, address), account_id=vswitch.account_id, region_id=vswitch.region_id, created_at=now,
        vswitch_id=vswitch.id, address=address, network_interface_id=network_interface_id,
    ))  # fmt: skip


def release(uow: UnitOfWork, account_id: str, vswitch_id: str, address: str) -> None:
    row = uow.private_addresses.get(key(vswitch_id, address), account_id=account_id)
    if row is not None:
        uow.private_addresses.remove(row)
