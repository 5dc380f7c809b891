"""The `draftlens` console entry point: the core CLI plus the GUI subcommands.

With no subcommand the desktop application opens. Qt is imported only when a GUI command runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from core import cli


def build_parser() -> argparse.ArgumentParser:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    g = sub.add_parser("gui", help="open the desktop application (the default)")
    g.add_argument("file", nargs="?", help="draft to open")
    g.add_argument("--topic")
    g.add_argument("--method", default=None, choices=["local", "rest", "realtime", "hybrid"])
    g.add_argument("--demo", action="store_true", help="REST/Realtime against the local server")
    g.add_argument("--screenshot", metavar="OUT.png",
                   help="analyse to the end, save a PNG of the window, exit")
    b = sub.add_parser("bench-gui", help="open, analyse, scroll and type in a big draft; "
                       "print time to colour, GUI stalls and peak memory")
    b.add_argument("--paragraphs", type=int, default=1000)
    b.add_argument("--trace-stalls", action="store_true",
                   help="sample the GUI thread's stack during stalls and print the hot spots")
    b.add_argument("--method", default="local", choices=["local", "rest", "realtime", "hybrid"])
    b.add_argument("--idle", type=float, default=0.3, metavar="SECONDS",
                   help="how long the opened draft waits before Analyze (default 0.3); the "
                        "app warms the Local analyzer's per-paragraph work meanwhile")
    b.add_argument("--profile", default="openai-like",
                   choices=["instant", "openai-like", "slow", "fixed"],
                   help="latency profile of the local server for rest/realtime")
    k = sub.add_parser("soak", help="edit a draft for minutes while every network method "
                       "meets random server faults; check nothing is lost")
    k.add_argument("--minutes", type=float, default=3.0)
    k.add_argument("--seed", type=int, default=1)
    k.add_argument("--paragraphs", type=int, default=60, help="size of the draft at the start")
    d = sub.add_parser("install-desktop", help="add DraftLens to the applications menu with its "
                       "icon (for the current user)")
    d.add_argument("--uninstall", action="store_true", help="remove the menu entry and icons")
    return parser


def _headless_without_display() -> None:
    """Benchmarks and the soak drive a real window; with no display they draw offscreen."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv = ["gui", *argv]
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "gui":
        from gui.shell.platform_check import platform_problem

        problem = platform_problem()
        if problem:
            print(f"draftlens: {problem}", file=sys.stderr)
            return 3
        from gui.shell.app import run_gui

        return run_gui(args)
    if args.command == "install-desktop":
        from gui.shell.desktop_install import main as install_desktop

        return install_desktop(args.uninstall)
    if args.command == "bench":
        code = cli.main(argv, parser)
        if code in (0, 1):
            from gui.measure.bench_charts import write_charts

            for path in write_charts(args.out):
                print(f"wrote {path}", file=sys.stderr)
        return code
    if args.command in ("bench-gui", "soak"):
        _headless_without_display()
    if args.command == "bench-gui":
        from gui.measure.bench_gui import run_bench

        return run_bench(args)
    if args.command == "soak":
        from gui.measure.soak import main as run_soak

        return run_soak(args)
    return cli.main(argv, parser)
