"""The topology picture of one account and region, drawn on the server as SVG.

VPC boxes (name, id, CIDR, ClassicLink enabled or disabled, status) stack down the left, each holding its
vSwitches (CIDR, zone, status) and, inside them, its VPC instances; classic instances stack down the right;
an arrow runs from each linked classic instance to its VPC. Every box is a link to the resource's page.
The layout is computed here, row by row, so the picture needs no script; text that would not fit is cut,
and the whole text is the element's tooltip. Tables of the links and the security groups follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.model import Instance, Link, SecurityGroup, Vpc, VSwitch
from ..domain.ports import UnitOfWork
from .markup import esc, link, resource_url, short, status_badge, status_class, table

# Geometry, in SVG user units (pixels at 100 %).
PAD = 12
VPC_X, VPC_W = 10, 600
CLASSIC_X, CLASSIC_W = 780, 360
WIDTH = CLASSIC_X + CLASSIC_W + 10
LINE = 18
VPC_HEAD = 4 * LINE + 14
VSW_HEAD = 2 * LINE + 10
INSTANCE_ROW = 24
CLASSIC_H = 3 * LINE + 14
GAP = 18


@dataclass
class Topology:
    """What one account has in one region, as read in one unit of work."""

    account_id: str
    region_id: str
    now: float
    vpcs: list[Vpc]
    vswitches: list[VSwitch]
    instances: list[Instance]
    links: list[Link]
    security_groups: list[SecurityGroup]
    _placed: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def classic(self) -> list[Instance]:
        return [i for i in self.instances if i.is_classic]

    def vpc_of_link(self, instance_id: str) -> str | None:
        return next((lk.vpc_id for lk in self.links if lk.id == instance_id), None)


def load(uow: UnitOfWork, account_id: str, region_id: str, now: float) -> Topology:
    a, r = account_id, region_id
    return Topology(a, r, now, uow.vpcs.find(account_id=a, region_id=r), uow.vswitches.find(account_id=a, region_id=r),
                    uow.instances.find(account_id=a, region_id=r), uow.links.find(account_id=a, region_id=r),
                    uow.security_groups.find(account_id=a, region_id=r))  # fmt: skip


def _text(x: float, y: float, content: str, limit: int, cls: str = "") -> str:
    attr = f' class="{esc(cls)}"' if cls else ""
    return f'<text x="{x:.0f}" y="{y:.0f}"{attr}>{esc(short(content, limit))}</text>'


def _box(x: float, y: float, w: float, h: float, cls: str) -> str:
    return f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="6" class="{esc(cls)}"/>'


def _status(x: float, y: float, status: str) -> str:
    return f'<text x="{x:.0f}" y="{y:.0f}" class="{status_class(status)}" text-anchor="end">{esc(status)}</text>'


def _named(obj: Vpc | VSwitch | Instance) -> str:
    return f"{obj.name} ({obj.id})" if obj.name else obj.id


def _instance_row(t: Topology, inst: Instance, x: float, y: float, w: float) -> str:
    status = inst.lifecycle.at(t.now)
    label = f"{_named(inst)} · {inst.private_ip or '-'}"
    return (f'<a href="{resource_url(t.account_id, "instances", inst.id)}">'
            f'<g class="vpc-instance" data-id="{esc(inst.id)}" data-status="{esc(status)}"><title>{esc(label)}</title>'
            f'{_box(x, y, w, INSTANCE_ROW - 4, "instance-box")}{_text(x + 8, y + 15, label, 58)}'
            f"{_status(x + w - 8, y + 15, status)}</g></a>")  # fmt: skip


def _vswitch(t: Topology, vsw: VSwitch, members: list[Instance], x: float, y: float, w: float) -> tuple[str, float]:
    height = VSW_HEAD + INSTANCE_ROW * len(members) + (6 if members else 0)
    status = vsw.lifecycle.at(t.now)
    parts = [f'<a href="{resource_url(t.account_id, "vswitches", vsw.id)}">'
             f'<g class="vswitch" data-id="{esc(vsw.id)}" data-status="{esc(status)}">'
             f"<title>{esc(_named(vsw))}</title>{_box(x, y, w, height, 'vswitch-box')}"
             f'{_text(x + 8, y + LINE, "vSwitch " + _named(vsw), 62, "name")}'
             f'{_text(x + 8, y + 2 * LINE + 2, f"{vsw.cidr_block} · {vsw.zone_id}", 60)}'
             f"{_status(x + w - 8, y + LINE, status)}</g></a>"]  # fmt: skip
    row_y = y + VSW_HEAD
    for inst in members:
        parts.append(_instance_row(t, inst, x + 10, row_y, w - 20))
        row_y += INSTANCE_ROW
    return "".join(parts), height


def _vpc(t: Topology, vpc: Vpc, y: float) -> tuple[str, float]:
    vswitches = [v for v in t.vswitches if v.vpc_id == vpc.id]
    members = [i for i in t.instances if not i.is_classic and i.vpc_id == vpc.id]
    inner: list[str] = []
    row_y = y + VPC_HEAD
    for vsw in vswitches:
        svg, height = _vswitch(t, vsw, [i for i in members if i.vswitch_id == vsw.id], VPC_X + PAD, row_y,
                               VPC_W - 2 * PAD)  # fmt: skip
        inner.append(svg)
        row_y += height + 8
    known = {v.id for v in vswitches}
    for inst in (i for i in members if i.vswitch_id not in known):  # a vSwitch of another region: never expected
        inner.append(_instance_row(t, inst, VPC_X + PAD, row_y, VPC_W - 2 * PAD))
        row_y += INSTANCE_ROW
    height = row_y - y + (4 if vswitches or members else 0)
    status = vpc.lifecycle.at(t.now)
    classic_link = "enabled" if vpc.classic_link_enabled else "disabled"
    head = (f'<a href="{resource_url(t.account_id, "vpcs", vpc.id)}">'
            f'<g class="vpc" data-id="{esc(vpc.id)}" data-status="{esc(status)}" data-classiclink="{classic_link}">'
            f"<title>{esc(_named(vpc))}</title>{_box(VPC_X, y, VPC_W, height, 'vpc-box')}"
            f'{_text(VPC_X + PAD, y + LINE + 2, "VPC " + _named(vpc), 64, "name")}'
            f'{_text(VPC_X + PAD, y + 2 * LINE + 4, "CIDR " + vpc.cidr_block, 64)}'
            f'{_text(VPC_X + PAD, y + 3 * LINE + 6, "ClassicLink " + classic_link, 64, "classiclink-" + classic_link)}'
            f'{_text(VPC_X + PAD, y + 4 * LINE + 8, f"{len(vswitches)} vSwitch(es), {len(members)} instance(s)", 64)}'
            f"{_status(VPC_X + VPC_W - PAD, y + LINE + 2, status)}</g></a>")  # fmt: skip
    t._placed[vpc.id] = (y, height)
    return head + "".join(inner), height


def _classic(t: Topology, inst: Instance, y: float) -> str:
    status = inst.lifecycle.at(t.now)
    linked = t.vpc_of_link(inst.id)
    return (f'<a href="{resource_url(t.account_id, "instances", inst.id)}">'
            f'<g class="classic-instance" data-id="{esc(inst.id)}" data-status="{esc(status)}"><title>{esc(_named(inst))}</title>'
            f"{_box(CLASSIC_X, y, CLASSIC_W, CLASSIC_H, 'classic-box')}"
            f'{_text(CLASSIC_X + PAD, y + LINE + 2, _named(inst), 46, "name")}'
            f'{_text(CLASSIC_X + PAD, y + 2 * LINE + 4, "classic · " + (inst.inner_ip or "-"), 40)}'
            f'{_text(CLASSIC_X + PAD, y + 3 * LINE + 6, "linked to " + linked if linked else "not linked", 46)}'
            f"{_status(CLASSIC_X + CLASSIC_W - PAD, y + 2 * LINE + 4, status)}</g></a>")  # fmt: skip


def svg(t: Topology) -> str:
    if not t.vpcs and not t.classic:
        return '<p class="empty">No VPCs and no classic instances in this region yet.</p>'
    left: list[str] = []
    y = 34.0
    for vpc in t.vpcs:
        drawn, height = _vpc(t, vpc, y)
        left.append(drawn)
        y += height + GAP
    right: list[str] = []
    classic_y: dict[str, float] = {}
    ry = 34.0
    for inst in t.classic:
        right.append(_classic(t, inst, ry))
        classic_y[inst.id] = ry
        ry += CLASSIC_H + 14
    arrows: list[str] = []
    for lk in t.links:
        if lk.id not in classic_y or lk.vpc_id not in t._placed:
            continue
        vy, _ = t._placed[lk.vpc_id]
        x1, y1 = CLASSIC_X, classic_y[lk.id] + CLASSIC_H / 2
        x2, y2 = VPC_X + VPC_W + 4, vy + VPC_HEAD / 2
        arrows.append(f'<g class="link" data-instance="{esc(lk.id)}" data-vpc="{esc(lk.vpc_id)}">'
                      f"<title>ClassicLink: {esc(lk.id)} → {esc(lk.vpc_id)}</title>"
                      f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" marker-end="url(#arrow)"/>'
                      f'<text x="{(x1 + x2) / 2:.0f}" y="{(y1 + y2) / 2 - 6:.0f}" text-anchor="middle">ClassicLink</text></g>')  # fmt: skip
    height = max(y, ry, 120.0)
    return (f'<svg class="topology" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
            f'role="img" aria-label="Topology of {esc(t.region_id)}">'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
            'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head"/></marker></defs>'
            f'<text x="{VPC_X}" y="20" class="column">VPCs ({len(t.vpcs)})</text>'
            f'<text x="{CLASSIC_X}" y="20" class="column">Classic instances ({len(t.classic)})</text>'
            + "".join(left) + "".join(right) + "".join(arrows) + "</svg>")  # fmt: skip


def tables(t: Topology) -> str:
    instances = {i.id: i for i in t.instances}
    vpcs = {v.id: v for v in t.vpcs}
    link_rows = [[link(resource_url(t.account_id, "instances", lk.id), lk.id),
                  esc(instances[lk.id].inner_ip) if lk.id in instances else "",
                  link(resource_url(t.account_id, "vpcs", lk.vpc_id), lk.vpc_id),
                  esc(vpcs[lk.vpc_id].cidr_block) if lk.vpc_id in vpcs else "",
                  link(resource_url(t.account_id, "links", lk.id), "link")] for lk in t.links]  # fmt: skip
    group_rows = [[link(resource_url(t.account_id, "security-groups", g.id), g.id), esc(g.name), esc(g.network_type),
                   link(resource_url(t.account_id, "vpcs", g.vpc_id), g.vpc_id) if g.vpc_id else "",
                   esc(g.group_type)] for g in t.security_groups]  # fmt: skip
    other = [[link(resource_url(t.account_id, "instances", i.id), i.id), esc(i.name), esc(i.network_type),
              status_badge(i.lifecycle.at(t.now))] for i in t.instances]  # fmt: skip
    return ("<h2>ClassicLink links</h2>"
            + table(["Classic instance", "Classic address", "VPC", "VPC CIDR", ""], link_rows, "links",
                    "No ClassicLink links.")
            + "<h2>Instances</h2>" + table(["Instance", "Name", "Network", "Status"], other, "instances", "No instances.")
            + "<h2>Security groups</h2>"
            + table(["Group", "Name", "Network", "VPC", "Type"], group_rows, "groups", "No security groups."))  # fmt: skip


def fragment(t: Topology) -> str:
    """What the page shows and the live update swaps: the picture and the tables."""
    return svg(t) + tables(t)
