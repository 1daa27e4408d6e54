"""The benchmark's baseline: the same ASGI server (uvicorn) answering every request with a fixed
success body, doing no parsing, signing, storage or rendering. Ratios against it show what our
gateway, domain and store cost, independent of the machine."""

from __future__ import annotations

from typing import Any

BODY = b'{"RequestId":"00000000-0000-0000-0000-000000000000"}'


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    while True:
        message = await receive()
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json;charset=utf-8"),
                            (b"content-length", str(len(BODY)).encode())]})  # fmt: skip
    await send({"type": "http.response.body", "body": BODY})
