"""The benchmark's floor: the least a Python HTTP server can do per request on this machine.

    python bench/floor.py PORT

Bare asyncio with the httptools C parser: each request's query is parsed (``parse_qsl``), and a small
JSON body carrying a RequestId is answered in one socket write, keep-alive. No signature, no store, no
framework. Every other figure of bench/perf.py is given as a ratio of this one, measured in the same run.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import uuid
from urllib.parse import parse_qsl

import httptools


class FloorProtocol(asyncio.Protocol):
    def __init__(self) -> None:
        self.parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport | None = None
        self.url = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            assert self.transport is not None
            self.transport.close()

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_message_complete(self) -> None:
        parsed = httptools.parse_url(self.url)
        params = dict(parse_qsl((parsed.query or b"").decode(), keep_blank_values=True))
        self.url = b""
        body = json.dumps({"RequestId": str(uuid.uuid4()), "Action": params.get("Action", "")}).encode()
        head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json;charset=utf-8\r\ncontent-length: %d\r\n\r\n"
        assert self.transport is not None
        self.transport.write(head % len(body) + body)


async def serve(port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(FloorProtocol, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
