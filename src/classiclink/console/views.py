"""The console's pages, as HTML strings. Each reads through the store port inside the caller's read-only
unit of work (and the admin interface's helpers); none writes."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from ..admin.state import KINDS, resource_view
from ..domain.identity import Account
from ..domain.model import Resource
from ..domain.ports import Contains, UnitOfWork
from ..domain.regions import REGIONS
from ..gateway.recent import RecentRequests, RecordedRequest
from . import topology
from .markup import esc, iso, link, options, page, resource_url, status_badge, table, url

DEFAULT_REGION = "cn-hangzhou"
# Rows the request log shows at most (the recorder keeps more; filters narrow them down).
LOG_ROWS = 200

# A field naming another resource, and that resource's kind.
RELATED_FIELDS = {
    "vpc_id": "vpcs",
    "vswitch_id": "vswitches",
    "route_table_id": "route-tables",
    "security_group_id": "security-groups",
    "security_group_ids": "security-groups",
    "source_group_id": "security-groups",
    "dest_group_id": "security-groups",
    "instance_id": "instances",
}
# Resources that point at one of a kind: (title, their kind, their field that names it).
REVERSE: dict[str, list[tuple[str, str, str]]] = {
    "vpcs": [("vSwitches", "vswitches", "vpc_id"), ("Instances", "instances", "vpc_id"),
             ("ClassicLink links", "links", "vpc_id"), ("Route tables", "route-tables", "vpc_id"),
             ("Security groups", "security-groups", "vpc_id")],
    "vswitches": [("Instances", "instances", "vswitch_id")],
    "instances": [("Disks", "disks", "instance_id")],
    "route-tables": [("Route entries", "route-entries", "route_table_id")],
    "security-groups": [("Member instances", "instances", "security_group_ids")],
}  # fmt: skip
RULE_COLUMNS = ("direction", "policy", "priority", "ip_protocol", "port_range", "nic_type", "source_cidr_ip",
                "source_group_id", "dest_cidr_ip", "dest_group_id", "description")  # fmt: skip


def nav(form_token: str | None) -> str:
    logout = ""
    if form_token is not None:
        logout = (f'<form method="post" action="{url("logout")}" class="logout">'
                  f'<input type="hidden" name="csrf" value="{esc(form_token)}">'
                  '<button type="submit">Log out</button></form>')  # fmt: skip
    return f'<nav>{link(url(""), "Topology")}{link(url("requests"), "Requests")}{logout}</nav>'


def accounts(uow: UnitOfWork) -> list[Account]:
    return uow.accounts.find(account_id=None)


def pickers(uow: UnitOfWork, account_id: str, region_id: str) -> str:
    choices = "".join(f'<option value="{esc(a.id)}"{" selected" if a.id == account_id else ""}>'
                      f"{esc(a.id)}{' · ' + esc(a.name) if a.name else ''}</option>" for a in accounts(uow))  # fmt: skip
    regions = "".join(f'<option value="{esc(r)}"{" selected" if r == region_id else ""}>{esc(r)}</option>'
                      for r in REGIONS)  # fmt: skip
    return (f'<form method="get" action="{url("pick")}" class="pickers" data-autosubmit>'
            f'<label>Account <select name="account" id="account-picker">{choices}</select></label>'
            f'<label>Region <select name="region" id="region-picker">{regions}</select></label>'
            '<button type="submit">Show</button></form>')  # fmt: skip


def topology_page(uow: UnitOfWork, account_id: str, region_id: str, now: float, nav_html: str) -> str:
    picture = topology.fragment(topology.load(uow, account_id, region_id, now))
    live = url("accounts", account_id, "regions", region_id, "topology")
    body = (pickers(uow, account_id, region_id)
            + f'<p class="hint">Updates live as calls come in. {link(url("requests", query={"account": account_id}), "This account’s requests")}. '
            + f'{link(url("accounts", account_id, "regions", region_id, "reach"), "Can it reach?")}</p>'
            + f'<div id="topology" data-live="{live}">{picture}</div>')  # fmt: skip
    return page(f"Topology of {account_id} in {region_id}", body, nav=nav_html)


def topology_fragment(uow: UnitOfWork, account_id: str, region_id: str, now: float) -> str:
    return topology.fragment(topology.load(uow, account_id, region_id, now))


# --- resource pages -------------------------------------------------------------------------------------------


def _value(account_id: str, name: str, value: Any) -> str:
    kind = RELATED_FIELDS.get(name)
    if kind and isinstance(value, str) and value:
        return link(resource_url(account_id, kind, value), value)
    if kind and isinstance(value, list):
        return ", ".join(link(resource_url(account_id, kind, str(v)), v) for v in value) or '<span class="empty">none</span>'
    if name == "status" and isinstance(value, str):
        return status_badge(value)
    if isinstance(value, (list, dict)):
        return f"<code>{esc(json.dumps(value, ensure_ascii=False))}</code>"
    if isinstance(value, bool):
        return "true" if value else "false"
    return esc(value)


def _where(field: str, value: str) -> dict[str, Any]:
    return {field: Contains(value) if field == "security_group_ids" else value}


def _rules(uow: UnitOfWork, account_id: str, group_id: str) -> str:
    rules = uow.security_group_rules.find(account_id=account_id, security_group_id=group_id)
    rows = [[link(resource_url(account_id, "security-group-rules", r.id), r.id),
             *(_value(account_id, c, getattr(r, c)) for c in RULE_COLUMNS)] for r in rules]  # fmt: skip
    return "<h2>Rules</h2>" + table(["Rule", *RULE_COLUMNS], rows, "rules", "No rules.")


def resource_page(uow: UnitOfWork, account_id: str, kind: str, obj: Resource, now: float, nav_html: str) -> str:
    view = resource_view(obj, now)
    rows = [[f"<code>{esc(name)}</code>", _value(account_id, name, value)] for name, value in view.items()]
    parts = [f'<p class="hint">{link(url("accounts", account_id, "regions", obj.region_id), "Topology of " + obj.region_id)}</p>',
             table(["Field", "Value"], rows, "fields")]  # fmt: skip
    if kind == "links":
        parts.append("<h2>Linked</h2><p>" + link(resource_url(account_id, "instances", obj.id), obj.id) + " → "
                     + link(resource_url(account_id, "vpcs", getattr(obj, "vpc_id", "")), getattr(obj, "vpc_id", ""))
                     + "</p>")  # fmt: skip
    if kind == "instances":
        linked = uow.links.get(obj.id, account_id=account_id)
        if linked is not None:
            parts.append("<h2>ClassicLink</h2><p>Linked to "
                         + link(resource_url(account_id, "vpcs", linked.vpc_id), linked.vpc_id) + "</p>")  # fmt: skip
    if kind == "security-groups":
        parts.append(_rules(uow, account_id, obj.id))
    for title, other, field in REVERSE.get(kind, []):
        found = getattr(uow, KINDS[other]).find(account_id=account_id, **_where(field, obj.id))
        items = []
        for r in found:
            status = resource_view(r, now).get("status")
            items.append([link(resource_url(account_id, other, r.id), r.id), esc(getattr(r, "name", "") or ""),
                          status_badge(status) if isinstance(status, str) else ""])  # fmt: skip
        parts.append(f"<h2>{esc(title)}</h2>" + table(["Id", "Name", "Status"], items, other, f"No {title.lower()}."))
    return page(f"{kind} {obj.id}", "".join(parts), nav=nav_html)


# --- the request log ------------------------------------------------------------------------------------------

FILTERS = ("action", "status", "code", "account")


def log_filters(query: Mapping[str, str]) -> dict[str, str]:
    return {name: query.get(name, "").strip()[:128] for name in FILTERS}


def _status_values(recent: RecentRequests) -> list[str]:
    seen = recent.values("status")
    return ["2xx", "4xx", "5xx", *seen]


def log_fragment(recent: RecentRequests, chosen: Mapping[str, str]) -> str:
    matching = recent.find(action=chosen.get("action", ""), status=chosen.get("status", ""),
                           code=chosen.get("code", ""), account=chosen.get("account", ""))
    rows = [[esc(iso(e.at, millis=True)), link(url("requests", e.request_id), e.request_id), esc(e.account),
             esc(e.product), esc(e.action), f'<span class="http-{e.status // 100}xx">{e.status}</span>',
             esc(e.code or "-"), esc(f"{e.ms:.1f}")] for e in matching[:LOG_ROWS]]  # fmt: skip
    kept = len(recent.newest_first())
    summary = (f'<p class="hint" id="log-summary">{len(matching)} matching of {kept} kept by worker process '
               f"{os.getpid()} (the newest {recent.capacity}); showing up to {LOG_ROWS}, newest first.</p>")
    return summary + table(["Time (UTC)", "RequestId", "Account", "Product", "Action", "HTTP", "Error code", "ms"],
                           rows, "requests", "No requests match.")  # fmt: skip


def log_page(recent: RecentRequests, chosen: Mapping[str, str], nav_html: str) -> str:
    labels = {"action": "Action", "status": "HTTP status", "code": "Error code", "account": "Account"}
    sources = {"action": recent.values("action"), "status": _status_values(recent), "code": recent.values("code"),
               "account": recent.values("account")}  # fmt: skip
    selects = "".join(f'<label>{esc(labels[n])} <select name="{n}" id="filter-{n}">'
                      f"{options(sources[n], chosen.get(n, ''))}</select></label>" for n in FILTERS)  # fmt: skip
    form = (f'<form method="get" action="{url("requests")}" class="filters" data-autosubmit>{selects}'
            f'<button type="submit">Filter</button> {link(url("requests"), "clear")}</form>')
    live = url("requests", "fragment", query=dict(chosen))
    body = form + f'<div id="requests" data-live="{live}">{log_fragment(recent, chosen)}</div>'
    return page("Requests", body, nav=nav_html)


def _pretty(entry: RecordedRequest) -> str:
    if entry.content_type.startswith("application/json"):
        try:
            return json.dumps(json.loads(entry.answer), indent=2, ensure_ascii=False)
        except ValueError:
            return entry.answer
    return entry.answer


def request_page(entry: RecordedRequest, nav_html: str) -> str:
    facts = [("RequestId", esc(entry.request_id)), ("Time (UTC)", esc(iso(entry.at, millis=True))),
             ("Account", link(url("accounts", entry.account, "regions", DEFAULT_REGION), entry.account)
              if entry.account != "-" else "-"),
             ("AccessKeyId", esc(entry.access_key)), ("Product", esc(entry.product)), ("Action", esc(entry.action)),
             ("Version", esc(entry.version)), ("HTTP status", esc(entry.status)), ("Error code", esc(entry.code or "-")),
             ("Duration (ms)", esc(f"{entry.ms:.2f}"))]  # fmt: skip
    params = [[f"<code>{esc(k)}</code>", f"<code>{esc(v)}</code>"] for k, v in entry.parameters]
    body = (table(["", ""], [[esc(k), v] for k, v in facts], "fields")
            + "<h2>Parameters</h2><p class=\"hint\">Credentials and signatures are masked.</p>"
            + table(["Name", "Value"], params, "parameters", "No parameters.")
            + f"<h2>Answer</h2><p class=\"hint\">{esc(entry.content_type)}</p>"
            + f'<pre class="answer" id="answer">{esc(_pretty(entry))}</pre>')  # fmt: skip
    return page(f"Request {entry.request_id}", body, nav=nav_html)


def message_page(title: str, message: str, nav_html: str = "") -> str:
    return page(title, f'<p class="message">{esc(message)}</p>', nav=nav_html)


def login_page(next_path: str, error: str = "") -> str:
    problem = f'<p class="error" role="alert">{esc(error)}</p>' if error else ""
    body = (problem + '<p>The console is protected by the admin token (<code>--admin-token</code>).</p>'
            f'<form method="post" action="{url("login")}" class="login">'
            f'<input type="hidden" name="next" value="{esc(next_path)}">'
            '<label>Admin token <input type="password" name="token" id="token" autocomplete="current-password" '
            'required autofocus></label> <button type="submit">Log in</button></form>')  # fmt: skip
    return page("Log in", body)
