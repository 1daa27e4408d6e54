"""HTTP value types, shared by the edge that reads and writes them, the gateway and the admin interface.

Nothing here interprets a request: these are what the edge read off the wire and what it will write back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

__all__ = ["JSON_TYPE", "XML_TYPE", "HttpRequest", "HttpResponse", "json_response"]

JSON_TYPE = "application/json;charset=utf-8"
XML_TYPE = "text/xml;charset=utf-8"


@dataclass(frozen=True)
class HttpRequest:
    """A request as the edge read it: decoded parameters and lower-cased headers, nothing interpreted."""

    method: str
    path: str
    query: list[tuple[str, str]]
    form: list[tuple[str, str]]
    body: bytes
    headers: dict[str, list[str]]
    client_ip: str = "127.0.0.1"
    secure: bool = False
    # Set by the edge when the request could not be read as the protocol needs.
    malformed: str | None = None
    too_large: bool = False

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: bytes
    content_type: str
    headers: list[tuple[str, str]] = field(default_factory=list)


def json_response(status: int, document: object) -> HttpResponse:
    return HttpResponse(status, json.dumps(document, ensure_ascii=False).encode(), JSON_TYPE)
