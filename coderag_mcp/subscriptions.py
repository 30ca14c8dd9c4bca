"""Telling subscribers that a resource changed, in both protocol eras.

- 2026-07-28 clients open `subscriptions/listen`; `MCPServer` serves it from the bus we give it,
  so publishing a `ResourceUpdated` event on that bus reaches them.
- 2025-era clients send `resources/subscribe`, which `MCPServer` 2.3.0 does not register. We add
  the two handlers on its low-level server (a private attribute: the only reach into private API
  in this package, kept here) and send `notifications/resources/updated` to each subscribed session.
"""

from __future__ import annotations

import logging
import weakref
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.subscriptions import InMemorySubscriptionBus, ResourceUpdated
from mcp_types import EmptyResult, SubscribeRequestParams, UnsubscribeRequestParams

logger = logging.getLogger(__name__)


class ResourceSubscriptions:
    def __init__(self) -> None:
        self.bus = InMemorySubscriptionBus()
        self._legacy: dict[str, weakref.WeakSet[Any]] = {}

    def install_legacy_handlers(self, server: MCPServer[Any]) -> None:
        lowlevel = server._lowlevel_server  # noqa: SLF001 - see the module docstring
        lowlevel.add_request_handler("resources/subscribe", SubscribeRequestParams, self._subscribe)
        lowlevel.add_request_handler("resources/unsubscribe", UnsubscribeRequestParams, self._unsubscribe)

    async def _subscribe(self, ctx: Any, params: SubscribeRequestParams) -> EmptyResult:
        self._legacy.setdefault(str(params.uri), weakref.WeakSet()).add(ctx.session)
        return EmptyResult()

    async def _unsubscribe(self, ctx: Any, params: UnsubscribeRequestParams) -> EmptyResult:
        sessions = self._legacy.get(str(params.uri))
        if sessions is not None:
            sessions.discard(ctx.session)
        return EmptyResult()

    def legacy_subscribers(self, uri: str) -> int:
        return len(self._legacy.get(uri, ()))

    async def resource_updated(self, uri: str) -> None:
        await self.bus.publish(ResourceUpdated(uri=uri))
        for session in list(self._legacy.get(uri, ())):
            try:
                await session.send_resource_updated(uri)
            except Exception:  # the client went away: forget it, keep telling the others
                logger.debug("dropping subscriber of %s", uri, exc_info=True)
                self._legacy[uri].discard(session)
