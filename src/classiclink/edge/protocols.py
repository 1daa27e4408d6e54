"""uvicorn's HTTP protocols with ``TCP_NODELAY`` on every accepted connection, whatever the worker count,
and (h11) a request head the parser refuses answered in the Alibaba envelope.

asyncio sets ``TCP_NODELAY`` only on sockets whose ``proto`` is ``IPPROTO_TCP``. With one worker, uvicorn
lets asyncio bind the listening socket and accepted sockets qualify; with ``--workers N`` uvicorn binds it
itself as ``socket.socket(AF_INET)`` (``proto`` 0), so accepted sockets are left with Nagle's algorithm on,
and each answer written in two sends waits for the client's delayed ACK: about 40 ms a request on a
kept-alive connection. Setting the option where the connection is made covers both cases.

A request line or headers beyond the h11 limit (64 KiB together), or a head h11 cannot parse, used to get
uvicorn's plain-text 400 and a closed socket, so a client still sending a 2 MB query string saw a
connection reset. Now it gets 400 ``InvalidParameter`` in the JSON envelope (``QueryString`` when the
request line is what is too long, ``RequestHeader`` otherwise), and the rest of what it sends is read and
discarded, up to ``DISCARD_BYTES`` or ``DISCARD_SECONDS``, before the connection closes. A TLS handshake
sent to this plain-HTTP port is logged with what to change in the SDK's config, and the connection closed.

Connections are bounded in time and number (h11, the default parser): a head must arrive within
``HEAD_TIMEOUT`` seconds (an idle connection is then closed; a trickling head gets the envelope naming
``RequestHeader``), idle kept-alive connections close after uvicorn's keep-alive timeout (5 s), a stalled
body is cut off by the ASGI edge (60 s), and a worker holding ``MAX_CONNECTIONS`` open connections answers
the next one 503 ``ServiceUnavailable`` and closes it.

This module holds the choice and the bounds; each protocol lives in a module of its own (h11_protocol.py,
httptools_protocol.py, both built on heads.py) and is imported when uvicorn asks for it by the import path
in ``PROTOCOLS``: a server on httptools never imports h11, and ``classiclink --help`` neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .h11_protocol import NoDelayH11Protocol
    from .httptools_protocol import NoDelayHttpToolsProtocol

__all__ = ["DEFAULT_HTTP", "MAX_HEAD_BYTES", "PROTOCOLS", "NoDelayH11Protocol", "NoDelayHttpToolsProtocol"]

# Request line plus headers, at most. Counted here: h11's own limit only applies while it waits for more
# data, so a larger head that arrives in one read would pass it.
MAX_HEAD_BYTES = 64 * 1024
# A request head must arrive whole within this many seconds of the connection (or of the previous answer).
HEAD_TIMEOUT = 10.0
# Open connections per worker; one more is answered 503 ServiceUnavailable and closed.
MAX_CONNECTIONS = 1000
DISCARD_BYTES = 16 * 1024 * 1024
DISCARD_SECONDS = 5.0
PLAIN_HTTP_HINT = (
    "a TLS handshake arrived on this plain-HTTP port: this is plain HTTP; set protocol to http in your SDK "
    'config (Tea: Config(protocol="http"); legacy: request.set_protocol_type("http"))'
)

# The parser `classiclink serve` uses unless --http says otherwise: the C parser, bounded like h11.
DEFAULT_HTTP = "httptools"
# --http choice -> import path uvicorn loads in every worker process.
PROTOCOLS = {
    "h11": "classiclink.edge.protocols:NoDelayH11Protocol",
    "httptools": "classiclink.edge.protocols:NoDelayHttpToolsProtocol",
}
# Where each protocol class lives; ``PROTOCOLS`` names them here, and this module imports one when asked.
_CLASSES = {
    "NoDelayH11Protocol": "h11_protocol",
    "NoDelayHttpToolsProtocol": "httptools_protocol",
}


def __getattr__(name: str) -> Any:
    if name in _CLASSES:
        import importlib

        return getattr(importlib.import_module(f"{__package__}.{_CLASSES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
