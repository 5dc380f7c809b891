"""Measure the network methods under real faults and print the numbers (not a test).

    python -m core.bench.netcheck drops [--paragraphs 1000] [--rate 0.2] [--method realtime]
    python -m core.bench.netcheck sigstop [--paragraphs 30] [--method rest]

`drops`: the built-in server drops the socket of `rate` of the responses; prints how many
paragraphs ended as errors. `sigstop`: starts `draftlens emulator` in its own process, runs
`draftlens analyze` against it and SIGSTOPs the server once the first results are in; prints
how long until every paragraph was resolved or explicitly failed.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import signal
import subprocess
import sys
import time

from core.backends import create_backend
from core.chunking import make_document
from core.emulator.config import EmulatorConfig
from core.emulator.server import Emulator
from core.models import ChunkResult, Document
from core.settings import Settings

KEY = "sk-netcheck"  # the server is started with it and the client sends it
SENTENCES = ["Learning to code at 40 is entirely possible and worth it.",
             "For example, my neighbour Anna wrote her first app at 43.",
             "Code is like a garden: it grows when you tend it.",
             "But unlike school, nobody grades you here.",
             "Anyway, the weather was lovely yesterday."]


def draft(n: int) -> Document:
    text = "\n\n".join(f"{SENTENCES[i % len(SENTENCES)]} (paragraph {i})" for i in range(n))
    return make_document(text, "learning to code at 40")


async def drops(args: argparse.Namespace) -> None:
    doc = draft(args.paragraphs)
    config = EmulatorConfig(profile=args.profile, drop_rate=args.rate, seed=args.seed)
    async with Emulator(config) as em:
        backend = create_backend(args.method, Settings(base_url=em.base_url), KEY)
        start = time.perf_counter()
        results, records = [], []
        async for event in backend.run(doc, doc.chunks):
            (results if isinstance(event, ChunkResult) else records).append(event)
        elapsed = time.perf_counter() - start
        await backend.aclose()
        faults = dict(em.stats.faults)
    errors = [r for r in results if not r.ok]
    kinds = collections.Counter(r.error_kind for r in errors)
    print(f"{args.method}: {args.paragraphs} paragraphs, drop rate {args.rate:.0%}: "
          f"{len(results)} resolved once, {len(errors)} errors {dict(kinds)}, "
          f"{len(records)} requests, server faults {faults}, {elapsed:.1f} s")
    for message, n in collections.Counter(r.error for r in errors).most_common(3):
        print(f"  {n} x {message}")


def _start_server() -> tuple[subprocess.Popen, str]:
    server = subprocess.Popen([sys.executable, "-m", "core.cli", "emulator", "--profile",
                               "openai-like", "--api-key", KEY], stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline() if server.stdout else ""
    if not line.startswith("READY "):
        server.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    return server, line.split()[1]


def sigstop(args: argparse.Namespace) -> None:
    server, url = _start_server()
    text = "\n\n".join(f"{SENTENCES[i % len(SENTENCES)]} (paragraph {i})"
                       for i in range(args.paragraphs))
    env = dict(os.environ, OPENAI_API_KEY=KEY)
    cmd = [sys.executable, "-m", "core.cli", "analyze", "-", "--method", args.method,
           "--base-url", url, "--no-cache", "--topic", "learning to code at 40",
           "--format", "jsonl"]
    try:
        start = time.monotonic()
        client = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=env)
        assert client.stdin is not None and client.stdout is not None
        client.stdin.write(text)
        client.stdin.close()
        lines = 0
        stopped_at = None
        for _line in client.stdout:
            lines += 1
            if stopped_at is None and lines >= args.stop_after:
                os.kill(server.pid, signal.SIGSTOP)
                stopped_at = time.monotonic() - start
        client.wait()
        total = time.monotonic() - start
        err = client.stderr.read() if client.stderr else ""
    finally:
        os.kill(server.pid, signal.SIGCONT)
        server.terminate()
        server.wait()
    print(f"{args.method}: {args.paragraphs} paragraphs, server SIGSTOPped at "
          f"{stopped_at if stopped_at is None else round(stopped_at, 1)} s after "
          f"{args.stop_after} lines; analyze exited {client.returncode} after {total:.1f} s "
          f"with {lines} lines on stdout; stderr tail: {err.strip()[-300:]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    d = sub.add_parser("drops")
    d.add_argument("--paragraphs", type=int, default=1000)
    d.add_argument("--rate", type=float, default=0.2)
    d.add_argument("--method", default="realtime")
    d.add_argument("--profile", default="instant")
    d.add_argument("--seed", type=int, default=1)
    s = sub.add_parser("sigstop")
    s.add_argument("--paragraphs", type=int, default=30)
    s.add_argument("--method", default="rest")
    s.add_argument("--stop-after", type=int, default=1)
    args = parser.parse_args()
    if args.what == "drops":
        asyncio.run(drops(args))
    else:
        sigstop(args)


if __name__ == "__main__":
    main()
