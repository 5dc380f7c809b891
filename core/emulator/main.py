"""`draftlens emulator`: run the local server until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import secrets
import signal
import sys

from core.emulator.config import EmulatorConfig, NotLoopback
from core.emulator.server import Emulator


def config_from_args(args: argparse.Namespace) -> EmulatorConfig:
    answers = {}
    if args.answers:
        with open(args.answers, encoding="utf-8") as f:
            answers = json.load(f)
        if not isinstance(answers, dict) or not all(
                isinstance(v, list) and v and all(isinstance(r, str) for r in v)
                for v in answers.values()):
            raise ValueError(f"{args.answers}: expected a JSON object of text -> [role, ...]")
    return EmulatorConfig(
        host=args.host, port=args.port, profile=args.profile, seed=args.seed,
        fail_rate=args.fail_rate, drop_rate=args.drop_rate, stall_rate=args.stall_rate,
        rate_limit_rate=args.rate_limit_rate, malformed_rate=args.malformed_rate,
        stall_s=args.stall_seconds, session_max_s=args.session_max_seconds, answers=answers,
        api_key=getattr(args, "api_key", None) or None,
        fault_target=getattr(args, "fault_target", "all"),
        realtime_down=getattr(args, "realtime_down", False), hang=getattr(args, "hang", False),
    )


def _on_signals(stop: asyncio.Event) -> None:
    """Ctrl+C and SIGTERM end the server quietly (where the platform allows handlers)."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)


def _on_storm_signal(emulator: Emulator, seconds: float, retry_after: float) -> None:
    """SIGUSR1 starts a 429 storm (`draftlens bench --faults storm` sends it)."""
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError, AttributeError):
        asyncio.get_running_loop().add_signal_handler(
            signal.SIGUSR1, emulator.storm, seconds, retry_after)


async def _serve(config: EmulatorConfig, print_stats: bool = False,
                 storm: tuple[float, float] = (10.0, 3.0)) -> None:
    generated = config.api_key is None
    if generated:
        config.api_key = secrets.token_urlsafe(24)
    emulator = Emulator(config)
    url = await emulator.start()
    stop = asyncio.Event()
    _on_signals(stop)
    _on_storm_signal(emulator, *storm)
    print(f"READY {url}", flush=True)
    if generated:  # a key the caller chose is not echoed
        print(f"KEY {config.api_key}", flush=True)
    try:
        await stop.wait()
    finally:
        await emulator.stop()
        if print_stats:  # `draftlens bench` reads what the server saw
            stats = {"requests": emulator.stats.requests, "faults": emulator.stats.faults}
            print(f"STATS {json.dumps(stats)}", flush=True)


def serve(args: argparse.Namespace) -> int:
    try:
        config = config_from_args(args)
        storm = (getattr(args, "storm_seconds", 10.0), getattr(args, "storm_retry_after", 3.0))
        asyncio.run(_serve(config, getattr(args, "stats", False), storm))
    except NotLoopback as exc:
        print(f"draftlens: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"draftlens: cannot start the local server: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0
