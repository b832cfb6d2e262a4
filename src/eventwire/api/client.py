"""Run requests against the ASGI app in-process (``serve --get``, tests): no socket, no server."""
from __future__ import annotations

import asyncio
from typing import Any

import httpx


async def _call(asgi: Any, method: str, path: str, **kwargs) -> httpx.Response:
    transport = httpx.ASGITransport(app=asgi, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        return await client.request(method, path, **kwargs)


def call(asgi: Any, method: str, path: str, **kwargs) -> httpx.Response:
    """One request (``json=``, ``headers=``, ``content=`` as in httpx) and its response."""
    return asyncio.run(_call(asgi, method, path, **kwargs))
