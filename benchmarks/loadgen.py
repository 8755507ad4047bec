"""A bounded HTTP load generator, for when wrk is not installed (`apt-get install wrk`).

Run in its own process: `connections` keep-alive connections POST the bodies in turn until
`duration` seconds have passed or `max_requests` have been sent, then one JSON line is
printed in the shape `wrk_post.lua` prints. Loopback only.

    python -m benchmarks.loadgen --url http://127.0.0.1:8000/v1/evaluations \
        --bodies bodies.jsonl --connections 8 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from benchmarks.stats import percentile


async def _worker(
    client: httpx.AsyncClient,
    url: str,
    bodies: list[bytes],
    offset: int,
    deadline: float,
    budget: list[int],
    latencies: list[float],
    errors: dict[str, int],
) -> None:
    index = offset
    while time.perf_counter() < deadline and budget[0] > 0:
        budget[0] -= 1
        body = bodies[index % len(bodies)]
        index += 1
        began = time.perf_counter()
        try:
            response = await client.post(url, content=body)
        except httpx.TimeoutException:
            errors["timeout"] += 1
            continue
        except httpx.HTTPError:
            errors["connect"] += 1
            continue
        latencies.append(time.perf_counter() - began)
        if response.status_code >= 400:
            errors["status"] += 1


async def _run(args: argparse.Namespace) -> dict[str, object]:
    host = urlsplit(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loadgen: loopback only")
    bodies = [line.encode() for line in Path(args.bodies).read_text().splitlines() if line]
    headers = {"Content-Type": "application/json"}
    token = os.environ.get("BENCH_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    limits = httpx.Limits(max_connections=args.connections)
    latencies: list[float] = []
    errors = dict.fromkeys(("connect", "read", "write", "status", "timeout"), 0)
    budget = [args.max_requests]
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=10.0) as client:
        started = time.perf_counter()
        deadline = started + args.duration
        await asyncio.gather(
            *(
                _worker(client, args.url, bodies, k, deadline, budget, latencies, errors)
                for k in range(args.connections)
            )
        )
        elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "duration_us": round(elapsed * 1e6),
        "errors": errors,
        "latency_us": {
            "p50": round(percentile(latencies, 50) * 1e6),
            "p90": round(percentile(latencies, 90) * 1e6),
            "p99": round(percentile(latencies, 99) * 1e6),
            "mean": round(sum(latencies) / len(latencies) * 1e6, 1) if latencies else None,
            "max": round(max(latencies) * 1e6) if latencies else None,
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--bodies", required=True)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(_run(args))))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
