"""MCP over stdin and stdout pipes, read and written by the event loop itself.

The SDK's stdio transport reads each line and writes and flushes each answer in a worker thread (anyio's
wrapped files): three hand-offs between threads per round trip, each waiting for a core while a job keeps
both busy. When stdin and stdout are pipes or sockets (as an MCP client starts a server), this transport
reads and writes them without blocking, from the event loop; otherwise (a terminal, a file) the SDK's
own transport serves.

As the SDK does, it serves the wire from private copies of the two descriptors while fd 0 reads the
null device and fd 1 writes to stderr, so nothing a library prints can corrupt a message; both come back
on exit.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.stdio import stdio_server

_READ_SIZE = 1 << 16


def pipes_on_stdio() -> bool:
    """Whether stdin and stdout are pipes or sockets (not a terminal, not a file)."""
    if sys.platform == "win32":
        return False
    try:
        modes = [os.fstat(fd).st_mode for fd in (0, 1)]
    except OSError:
        return False
    return all(stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) for mode in modes)


class PipeLines:
    """The lines of a non-blocking descriptor, as the SDK's transport iterates stdin."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pending = bytearray()

    def __aiter__(self) -> PipeLines:
        return self

    async def __anext__(self) -> str:
        while True:
            end = self.pending.find(b"\n")
            if end >= 0:
                line = bytes(self.pending[:end + 1])
                del self.pending[:end + 1]
                return line.decode("utf-8", errors="replace")
            await anyio.wait_readable(self.fd)
            try:
                data = os.read(self.fd, _READ_SIZE)
            except BlockingIOError:
                continue
            if not data:  # the client closed our stdin
                if self.pending:
                    line = bytes(self.pending)
                    self.pending.clear()
                    return line.decode("utf-8", errors="replace")
                raise StopAsyncIteration
            self.pending += data


class PipeWriter:
    """Writes whole messages to a non-blocking descriptor, waiting only while the pipe is full."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    async def write(self, text: str) -> None:
        data = memoryview(text.encode("utf-8"))
        while data:
            try:
                written = os.write(self.fd, data)
            except BlockingIOError:
                await anyio.wait_writable(self.fd)
                continue
            data = data[written:]

    async def flush(self) -> None:
        """Nothing is buffered: every write went to the pipe."""


@contextmanager
def _claimed_stdio() -> Iterator[tuple[int, int]]:
    """Private non-blocking copies of fd 0 and 1 for the wire; fd 0 on the null device and fd 1 on
    stderr meanwhile. Restores both descriptors (and blocking mode) on exit."""
    import fcntl

    wire_in = fcntl.fcntl(0, fcntl.F_DUPFD_CLOEXEC, 3)
    wire_out = fcntl.fcntl(1, fcntl.F_DUPFD_CLOEXEC, 3)
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        os.dup2(null, 0)
        os.dup2(2, 1)
    finally:
        os.close(null)
    # O_NONBLOCK belongs to the pipe's open file, which the copies share with fd 0 and 1 (now pointed
    # elsewhere): only the wire turns non-blocking.
    os.set_blocking(wire_in, False)
    os.set_blocking(wire_out, False)
    try:
        yield wire_in, wire_out
    finally:
        for fd, wire in ((0, wire_in), (1, wire_out)):
            try:
                os.set_blocking(wire, True)
                os.dup2(wire, fd)
            except OSError:
                pass
            os.close(wire)


async def serve_stdio_pipes(server: MCPServer) -> None:
    """Run `server` over stdin and stdout (which must be pipes or sockets, see `pipes_on_stdio`)."""
    lowlevel = server._lowlevel_server  # noqa: SLF001 - what MCPServer.run_stdio_async runs (mcp 2.3.0)
    with _claimed_stdio() as (wire_in, wire_out):
        # Explicit streams: the SDK's transport frames and parses messages as usual over them.
        async with stdio_server(PipeLines(wire_in), PipeWriter(wire_out)) as (read_stream, write_stream):  # type: ignore[arg-type]
            await lowlevel.run(read_stream, write_stream, lowlevel.create_initialization_options())
