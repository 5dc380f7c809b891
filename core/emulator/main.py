"""`draftlens emulator`: run the local server until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from core.emulator.config import EmulatorConfig, NotLoopback
from core.emulator.server import Emulator


def config_from_args(args: argparse.Namespace) -> EmulatorConfig:
    answers = {}
    if args.answers:
        with open(args.answers, encoding="utf-8") as f:
            answers = json.load(f)
    return EmulatorConfig(
        host=args.host, port=args.port, profile=args.profile, seed=args.seed,
        fail_rate=args.fail_rate, drop_rate=args.drop_rate, stall_rate=args.stall_rate,
        answers=answers,
    )


async def _serve(config: EmulatorConfig) -> None:
    emulator = Emulator(config)
    url = await emulator.start()
    print(f"READY {url}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await emulator.stop()


def serve(args: argparse.Namespace) -> int:
    try:
        config = config_from_args(args)
        asyncio.run(_serve(config))
    except NotLoopback as exc:
        print(f"draftlens: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"draftlens: cannot start the local server: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0
