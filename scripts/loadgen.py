"""A small HTTP/1.1 load generator: C keep-alive connections, each sending GETs in a loop.

Usage: ``python -m scripts.loadgen URL [--seconds N] [--warmup N] [--concurrency N] [--cookie VALUE]``.
Prints one JSON object with the requests per second, latency percentiles and error counts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

try:
    import uvloop

    run_event_loop: Callable[[Coroutine[Any, Any, None]], None] = uvloop.run
except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
    run_event_loop = asyncio.run


class ProtocolError(Exception):
    """The server's response could not be read as HTTP/1.1."""


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    request: bytes


@dataclass(frozen=True)
class Window:
    """Requests are counted only if they start and finish between ``start`` and ``end``."""

    start: float
    end: float


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: int = 0


@dataclass(frozen=True)
class Response:
    status: int
    keep_alive: bool


def build_target(url: str, cookie: str | None) -> Target:
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname is None:
        raise SystemExit(f"Only plain http:// URLs are supported, not {url!r}")
    port = parts.port or 80
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    lines = [f"GET {path} HTTP/1.1", f"Host: {parts.hostname}:{port}", "User-Agent: myplan-loadgen", "Accept: */*"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    return Target(parts.hostname, port, ("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    pieces = status_line.split(" ", 2)
    if len(pieces) < 2 or not pieces[0].startswith("HTTP/1.") or not pieces[1].isdigit():
        raise ProtocolError(f"bad status line {status_line!r}")
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    return int(pieces[1]), headers


async def read_chunked_body(reader: asyncio.StreamReader) -> None:
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0], 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass  # trailer fields
            return
        await reader.readexactly(size + 2)


async def read_response(reader: asyncio.StreamReader) -> Response:
    status, headers = parse_head((await reader.readuntil(b"\r\n\r\n"))[:-4])
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        await read_chunked_body(reader)
    elif status not in (204, 304):
        raise ProtocolError("response has neither Content-Length nor chunked encoding")
    return Response(status, headers.get("connection", "").lower() != "close")


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]
RETRY_PAUSE = 0.05
STRAGGLER_GRACE = 5.0
READ_ERRORS = (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ProtocolError, ValueError)


async def run_worker(target: Target, window: Window, tally: Tally) -> None:
    connection: Connection | None = None
    try:
        while (started := time.perf_counter()) < window.end:
            try:
                if connection is None:
                    connection = await asyncio.open_connection(target.host, target.port)
                reader, writer = connection
                writer.write(target.request)
                response = await read_response(reader)
            except READ_ERRORS:
                tally.failures += started >= window.start
                await close_connection(connection)
                connection = None
                await asyncio.sleep(RETRY_PAUSE)
                continue
            finished = time.perf_counter()
            if started >= window.start and finished <= window.end:
                tally.latencies.append(finished - started)
                tally.statuses[response.status] += 1
            if not response.keep_alive:
                await close_connection(connection)
                connection = None
    finally:
        await close_connection(connection)


async def close_connection(connection: Connection | None) -> None:
    if connection is None:
        return
    writer = connection[1]
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()


async def generate_load(target: Target, seconds: float, warmup: float, concurrency: int, tally: Tally) -> None:
    start = time.perf_counter() + warmup
    window = Window(start, start + seconds)
    workers = [asyncio.create_task(run_worker(target, window, tally)) for _ in range(concurrency)]
    _, stuck = await asyncio.wait(workers, timeout=warmup + seconds + STRAGGLER_GRACE)
    for worker in stuck:
        worker.cancel()
    tally.failures += len(stuck)
    await asyncio.gather(*stuck, return_exceptions=True)


def percentile_ms(latencies: list[float], percent: int) -> float:
    if len(latencies) < 2:
        return latencies[0] * 1000 if latencies else 0.0
    return statistics.quantiles(latencies, n=100, method="inclusive")[percent - 1] * 1000


def summarise(tally: Tally, seconds: float) -> dict[str, object]:
    non_200 = sum(count for status, count in tally.statuses.items() if status != 200)
    return {
        "requests": len(tally.latencies),
        "seconds": seconds,
        "rps": len(tally.latencies) / seconds,
        "p50_ms": percentile_ms(tally.latencies, 50),
        "p95_ms": percentile_ms(tally.latencies, 95),
        "errors": non_200 + tally.failures,
        "statuses": {str(status): count for status, count in sorted(tally.statuses.items())},
        "failures": tally.failures,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to measure")
    parser.add_argument("--warmup", type=float, default=2.0, help="how long to send requests before measuring")
    parser.add_argument("--concurrency", type=int, default=32, help="how many connections")
    parser.add_argument("--cookie", default=None, help="the Cookie header to send")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    target = build_target(args.url, args.cookie)
    tally = Tally()
    run_event_loop(generate_load(target, args.seconds, args.warmup, args.concurrency, tally))
    print(json.dumps(summarise(tally, args.seconds)))


if __name__ == "__main__":
    main()
