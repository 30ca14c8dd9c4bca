"""Telling subscribers that a resource changed, in both protocol eras.

- 2026-07-28 clients open `subscriptions/listen`; `MCPServer` serves it from the bus we give it,
  so publishing a `ResourceUpdated` event on that bus reaches them.
- 2025-era clients send `resources/subscribe`, which `MCPServer` 2.3.0 does not register. We add
  the two handlers on its low-level server and send `notifications/resources/updated` on each
  subscriber's connection. The request context only hands out a per-request session, so the
  connection behind it (which outlives the request) is read from a private attribute too. These
  two reaches into private API are the only ones in this package, and they are kept here.
"""

from __future__ import annotations

import weakref
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.subscriptions import InMemorySubscriptionBus, ResourceUpdated
from mcp_types import EmptyResult, SubscribeRequestParams, UnsubscribeRequestParams


class ResourceSubscriptions:
    def __init__(self) -> None:
        self.bus = InMemorySubscriptionBus()
        self._legacy: dict[str, weakref.WeakSet[Any]] = {}

    def install_legacy_handlers(self, server: MCPServer[Any]) -> None:
        lowlevel = server._lowlevel_server  # noqa: SLF001 - see the module docstring
        lowlevel.add_request_handler("resources/subscribe", SubscribeRequestParams, self._subscribe)
        lowlevel.add_request_handler("resources/unsubscribe", UnsubscribeRequestParams, self._unsubscribe)

    @staticmethod
    def _connection(ctx: Any) -> Any:
        return ctx.session._connection  # noqa: SLF001 - see the module docstring

    async def _subscribe(self, ctx: Any, params: SubscribeRequestParams) -> EmptyResult:
        # Weak: a connection that closes is forgotten with it.
        self._legacy.setdefault(str(params.uri), weakref.WeakSet()).add(self._connection(ctx))
        return EmptyResult()

    async def _unsubscribe(self, ctx: Any, params: UnsubscribeRequestParams) -> EmptyResult:
        connections = self._legacy.get(str(params.uri))
        if connections is not None:
            connections.discard(self._connection(ctx))
        return EmptyResult()

    async def resource_updated(self, uri: str) -> None:
        await self.bus.publish(ResourceUpdated(uri=uri))
        for connection in list(self._legacy.get(uri, ())):
            await connection.send_resource_updated(uri)  # best effort: never raises
