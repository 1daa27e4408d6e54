"""The console's "Can A reach B?" page: a form over the account's instances and the verdict, hop by hop,
from the same read as the admin interface and ``classiclink reach`` (docs/reachability.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.ports import UnitOfWork
from ..domain.reachability import PROTOCOLS, InvalidTraffic, Traffic
from ..reads import reachability
from .markup import esc, link, options, page, resource_url, table, url


def _instance_choices(uow: UnitOfWork, account_id: str, region_id: str) -> list[str]:
    found = uow.instances.find(account_id=account_id, region_id=region_id)
    return [instance.id for instance in found]


def _form(account_id: str, region_id: str, choices: list[str], query: Mapping[str, str]) -> str:
    action = url("accounts", account_id, "regions", region_id, "reach")
    protocol = query.get("Protocol", "tcp")
    protocols = "".join(f'<option value="{esc(p)}"{" selected" if p == protocol else ""}>{esc(p)}</option>'
                        for p in PROTOCOLS)  # fmt: skip
    return (
        f'<form class="filters" method="get" action="{action}">'
        f'<label>Source <select name="Source">{options(choices, query.get("Source", ""), "choose")}</select></label> '
        f'<label>Destination <select name="Destination">{options(choices, query.get("Destination", ""), "choose")}'
        "</select></label> "
        f'<label>Protocol <select name="Protocol">{protocols}</select></label> '
        f'<label>Port <input name="Port" size="6" value="{esc(query.get("Port", "22"))}"></label> '
        '<button type="submit">Can it reach?</button></form>'
    )


def _hop_rows(account_id: str, verdict: dict[str, Any]) -> list[list[str]]:
    rows = []
    for hop in verdict["path"]:
        rule = hop.get("rule")
        rule_cell = link(resource_url(account_id, "security-group-rules", rule["id"]), rule["id"]) if rule else ""
        mark = '<span class="status status-running">allowed</span>' if hop["allowed"] else \
            '<span class="status status-stopped">blocked</span>'  # fmt: skip
        rows.append([esc(hop["check"]), mark, esc(hop["reason"]), rule_cell])
    return rows


def reach_page(uow: UnitOfWork, account_id: str, region_id: str, query: Mapping[str, str], now: float,
               nav_html: str) -> tuple[int, str]:  # fmt: skip
    """(HTTP status, page): 200 with the verdict, or the form alone; 400 when the question cannot be asked."""
    choices = _instance_choices(uow, account_id, region_id)
    body = _form(account_id, region_id, choices, query)
    status = 200
    source, destination = query.get("Source", ""), query.get("Destination", "")
    if source and destination:
        try:
            traffic = Traffic.parse(query.get("Protocol", "tcp"), query.get("Port") or None)
            verdict = reachability.reach(uow, account_id, region_id, source, destination, traffic, now)
        except (InvalidTraffic, reachability.UnknownEndpoint) as err:
            status, body = 400, body + f'<p class="error">{esc(err)}</p>'
        else:
            blocked = verdict["blocked_by"]
            headline = ('<p class="verdict reachable">REACHABLE</p>' if blocked is None else
                        f'<p class="verdict blocked">NOT REACHABLE: blocked by {esc(blocked["check"])}</p>')  # fmt: skip
            body += headline + table(["Check", "", "Why", "Rule"], _hop_rows(account_id, verdict), cls="hops")
    elif not choices:
        body += '<p class="empty">This account has no instances in this region.</p>'
    return status, page(f"Can it reach? ({account_id}, {region_id})", body, nav=nav_html)
