"""HTML building blocks: every text that reaches a page passes ``esc`` (html.escape, quotes included), and
every URL is built by ``url`` from escaped, percent-quoted parts, so a resource named ``<script>`` is text."""

from __future__ import annotations

import html
import re
import time
from urllib.parse import quote, urlencode

from ..admin.mounts import CONSOLE_PREFIX

PREFIX = CONSOLE_PREFIX  # where admin_mounts mounts the console
HTML_TYPE = "text/html;charset=utf-8"


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def url(*parts: str, query: dict[str, str] | None = None) -> str:
    """A console path from unescaped segments (each percent-quoted), escaped for an attribute."""
    path = PREFIX + "".join("/" + quote(part, safe="") for part in parts)
    if query:
        kept = {k: v for k, v in query.items() if v}
        if kept:
            path += "?" + urlencode(kept)
    return esc(path)


def resource_url(account_id: str, kind: str, resource_id: str) -> str:
    return url("accounts", account_id, kind, resource_id)


def link(href: str, text: object, cls: str = "") -> str:
    """``href`` is already escaped (from ``url``); ``text`` is escaped here."""
    attr = f' class="{esc(cls)}"' if cls else ""
    return f'<a href="{href}"{attr}>{esc(text)}</a>'


def status_class(status: str) -> str:
    """A CSS class for a status (Running -> status-running); only letters and digits survive."""
    return "status status-" + (re.sub(r"[^a-z0-9]", "", status.lower()) or "unknown")


def status_badge(status: str) -> str:
    return f'<span class="{status_class(status)}">{esc(status)}</span>'


def iso(epoch: float, millis: bool = False) -> str:
    text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch))
    if millis:
        text += f".{int(epoch * 1000) % 1000:03d}"
    return text + "Z"


def short(text: str, limit: int) -> str:
    """Cut to ``limit`` characters for a fixed-width picture (the full text stays in a tooltip)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def table(head: list[str], rows: list[list[str]], cls: str = "", empty: str = "None.") -> str:
    """``rows`` hold ready HTML (escaped by the caller); ``head`` is plain text."""
    if not rows:
        return f'<p class="empty">{esc(empty)}</p>'
    attr = f' class="{esc(cls)}"' if cls else ""
    heading = "".join(f"<th>{esc(h)}</th>" for h in head)
    thead = f"<thead><tr>{heading}</tr></thead>" if any(head) else ""
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table{attr}>{thead}<tbody>{body}</tbody></table>"


def options(values: list[str], chosen: str, any_label: str = "any") -> str:
    items = [f'<option value=""{" selected" if not chosen else ""}>{esc(any_label)}</option>']
    if chosen and chosen not in values:
        values = [chosen, *values]
    items += [f'<option value="{esc(v)}"{" selected" if v == chosen else ""}>{esc(v)}</option>' for v in values]
    return "".join(items)


def page(title: str, body: str, *, nav: str = "") -> str:
    """A whole page: our stylesheet and script only (no CDN: everything is served by this server)."""
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · classiclink console</title>"
        f'<link rel="stylesheet" href="{url("static", "console.css")}">'
        f'<script src="{url("static", "console.js")}" defer></script>'
        "</head><body>"
        f'<header class="top"><a class="brand" href="{url("")}">classiclink console</a>{nav}</header>'
        f"<main><h1>{esc(title)}</h1>{body}</main></body></html>"
    )
