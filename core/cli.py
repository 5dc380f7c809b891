"""The `draftlens` command line: analyze, eval, train-local, bench-local, emulator.

The GUI subcommands are added by `gui.launcher`, which is the console entry point; core never
imports the GUI.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import json
import os
import sys
from collections.abc import Sequence

from core import version
from core.models import ChunkResult, Method
from core.textio import DraftError

FORMATS = ("jsonl", "json", "table", "md", "html", "csv")
REPORT_FORMATS = ("md", "html", "csv")  # the reports the GUI exports
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a tool the reader stopped reading
EXIT_OUTPUT_ERROR = 74  # EX_IOERR: the output could not be written (e.g. a full disk)


class OutputError(Exception):
    """Standard output cannot be written (the reader went away, the disk is full)."""

    def __init__(self, exc: OSError) -> None:
        super().__init__(exc.strerror or str(exc))
        self.broken_pipe = isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE


def write_out(text: str) -> None:
    """Print a line to standard output now; OutputError if it cannot be written."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except OSError as exc:
        raise OutputError(exc) from exc


def _silence_stdout() -> None:
    """Point stdout at the null device, so the exit-time flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def add_server_options(p: argparse.ArgumentParser) -> None:
    """The server, its models and demo mode: what analysing and `check` share."""
    p.add_argument("--base-url", help="OpenAI-compatible server URL (default $OPENAI_BASE_URL)")
    p.add_argument("--model", help="Chat Completions model for --method rest")
    p.add_argument("--realtime-model", help="Realtime model for --method realtime")
    p.add_argument("--demo", action="store_true",
                   help="run REST/Realtime against the built-in local server (offline)")


def add_backend_options(p: argparse.ArgumentParser) -> None:
    """Options every command that analyses shares."""
    p.add_argument("--method", default="local", choices=[m.value for m in Method],
                   help="analysis backend (default: local, offline)")
    add_server_options(p)
    p.add_argument("--no-cache", action="store_true", help="ignore and do not fill the cache")
    p.add_argument("--patience", type=float, metavar="SECONDS",
                   help="how long a server may give nothing before its paragraphs fail "
                        "(default: Settings, 45 s)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="draftlens", description="What does each paragraph of your draft do?")
    parser.add_argument("--version", action="version", version=f"draftlens {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    a = sub.add_parser("analyze", help="classify every paragraph of a draft")
    a.add_argument("path", help="draft file (.txt, .md), or - for standard input")
    a.add_argument("--topic", help="what the draft is about (default: its title)")
    a.add_argument("--format", default="jsonl", choices=FORMATS)
    a.add_argument("--out", help="write a md/html/csv report to this file (default: stdout)")
    a.add_argument("--lang", choices=("en", "ru"),
                   help="language of the table's words (default: from LC_ALL/LANG)")
    add_backend_options(a)
    e = sub.add_parser("eval", help="score a method on a labeled corpus (.jsonl)")
    e.add_argument("--corpus", help="labeled .jsonl corpus (optional with --cv)")
    e.add_argument("--json", action="store_true", help="print the report as JSON")
    e.add_argument("--cv", action="store_true",
                   help="Local model, leave-one-draft-out: each draft of --corpus (default: the "
                        "whole training corpus) is predicted by a model trained without it")
    e.add_argument("--learning-curve", action="store_true",
                   help="leave-one-draft-out accuracy at 25/50/100%% of the training drafts")
    e.add_argument("--adapt", action="store_true",
                   help="simulate a writer's corrections: one of an author's drafts (or all their "
                        "others) corrected, accuracy on their other drafts with and without")
    e.add_argument("--relevance", action="store_true",
                   help="Local relevance by meaning: 8-fold, on drafts with paragraphs of "
                        "another draft spliced in (AUC, recall, the review's drift finding)")
    e.add_argument("--train-corpus", action="append", default=[], metavar="PATH",
                   help="training pool for --cv (repeatable; default: the shipped model's)")
    add_backend_options(e)
    t = sub.add_parser("train-local", help="train the Local model on the labeled corpora")
    t.add_argument("--corpus", action="append", default=[], metavar="PATH",
                   help="labeled .jsonl corpus (repeatable; default: every training corpus)")
    t.add_argument("--seed", type=int, default=None, help="seed of the topic swaps")
    t.add_argument("--out", help="where to write the model (default: the shipped one)")
    sub.add_parser("bench-local", help="paragraphs/second of the Local analyzer")
    add_bench_parser(sub)
    from core.review.commands import add_parsers as add_review_parsers

    add_review_parsers(sub, add_server_options, add_backend_options)
    sub.add_parser("bench-rest", help="REST method against the local server: speed vs ideal")
    sub.add_parser("bench-realtime",
                   help="Realtime method vs the legacy in-band strategy, against the local server")
    c = sub.add_parser("check", help="check a server: models, a tiny chat answer, a Realtime "
                       "session (exit 0 only when the chosen methods can run)")
    add_server_options(c)
    c.add_argument("--methods", default="rest,realtime",
                   help="comma-separated methods that must be able to run (default rest,realtime)")
    c.add_argument("--timeout", type=float, default=8.0, help="seconds per step (default 8)")
    em = sub.add_parser("emulator", help="run the local OpenAI-compatible server")
    em.add_argument("--host", default="127.0.0.1")
    em.add_argument("--port", type=int, default=0)
    em.add_argument("--profile", default="instant",
                    choices=("instant", "openai-like", "slow", "fixed"))
    em.add_argument("--seed", type=int, default=0)
    em.add_argument("--fail-rate", type=float, default=0.0)
    em.add_argument("--drop-rate", type=float, default=0.0)
    em.add_argument("--stall-rate", type=float, default=0.0)
    em.add_argument("--rate-limit-rate", type=float, default=0.0, help="share answered with 429")
    em.add_argument("--malformed-rate", type=float, default=0.0)
    em.add_argument("--stall-seconds", type=float, default=30.0)
    em.add_argument("--session-max-seconds", type=float, default=3600.0,
                    help="Realtime session expiry")
    em.add_argument("--answers", help="JSON file mapping paragraph text to roles")
    em.add_argument("--api-key", help="the bearer token clients must send (default: a random "
                                      "one, printed after the READY line)")
    em.add_argument("--fault-target", default="all", choices=("all", "chat", "realtime"),
                    help="which endpoint the random faults hit")
    em.add_argument("--realtime-down", action="store_true",
                    help="refuse every Realtime connection (HTTP 503)")
    em.add_argument("--hang", action="store_true", help="accept every request, never answer")
    em.add_argument("--storm-seconds", type=float, default=10.0,
                    help="on SIGUSR1, answer every request 429 for this long (default 10)")
    em.add_argument("--storm-retry-after", type=float, default=3.0,
                    help="the Retry-After of those 429s (default 3)")
    em.add_argument("--stats", action="store_true",
                    help="on exit, print what the server saw as a STATS {json} line")
    from core.local.corrections_cli import add_parser as add_corrections_parser

    add_corrections_parser(sub)
    return parser


def add_bench_parser(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("bench", help="every method on the same labeled drafts, under faults")
    b.add_argument("--methods", default="local,rest,realtime,hybrid,legacy",
                   help="comma list of local,rest,realtime,hybrid,hybrid-hedged,legacy")
    b.add_argument("--sizes", default="5,30,300", help="paragraph counts, e.g. 5,30,300")
    b.add_argument("--profile", default="openai-like",
                   choices=("instant", "openai-like", "fixed", "slow"))
    b.add_argument("--faults", default="none",
                   help="comma list of none,realtime-flaky,realtime-down,rest-429,drops,"
                        "stalls,hung,5xx-30,restart,pause,storm,gone")
    b.add_argument("--repeat", type=int, default=1)
    b.add_argument("--out", default="bench-results", help="directory for the results")
    b.add_argument("--base-url", help="benchmark this server instead of the built-in one")
    b.add_argument("--corpus", help="labeled drafts (.jsonl); default: the shipped corpus")


def fail(message: str, code: int = 2) -> int:
    """Print `message` (in the locale's language when core knows its words); return `code`."""
    from core.output.messages import cli_language, say

    print(f"draftlens: {say(message, cli_language())}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    parser = parser or build_parser()
    args = parser.parse_args(argv)
    handlers = {"analyze": _analyze, "eval": _eval, "train-local": _train_local,
                "corrections": _corrections,
                "bench-local": _bench_local, "bench": _bench,
                "bench-rest": _bench_rest, "bench-realtime": _bench_realtime,
                "emulator": _emulator, "check": _check, "review": _review,
                "compare": _compare}
    handler = handlers.get(args.command or "")
    if handler is None:
        parser.print_help()
        return 0
    try:
        return handler(args)
    except DraftError as exc:
        return fail(str(exc))
    except (OutputError, BrokenPipeError) as exc:
        _silence_stdout()
        if isinstance(exc, BrokenPipeError) or exc.broken_pipe:
            return EXIT_BROKEN_PIPE  # like `cat`: the reader has what it wanted; no message
        return fail(f"cannot write the output: {exc}", EXIT_OUTPUT_ERROR)
    except KeyboardInterrupt:
        return fail("interrupted", 130)


def _analyze(args: argparse.Namespace) -> int:
    from core.run import analyze_text, load_input

    text, source = load_input(args.path)
    rows: list[dict] = []
    results: dict[int, ChunkResult] = {}
    stream = args.format == "jsonl"

    def on_result(result: ChunkResult) -> None:
        results[result.index] = result
        row = result_row(result)
        if stream:
            write_out(json.dumps(row, ensure_ascii=False))
        else:
            rows.append(row)

    texts: list[str] = []
    docs: list = []
    errors = asyncio.run(analyze_text(
        text, args, on_result, source=source,
        on_document=lambda doc: (texts.extend(c.text for c in doc.chunks), docs.append(doc))))
    if args.format in REPORT_FORMATS:
        from core.output.export import write_report
        from core.output.messages import cli_language

        write_report(docs[0], results, args.method, args.format, args.out, write_out,
                     lang=cli_language(getattr(args, "lang", None)))
        return 1 if errors else 0
    if args.format == "json":
        write_out(json.dumps(sorted(rows, key=lambda r: r["index"]), ensure_ascii=False, indent=2))
    elif args.format == "table":
        from core.output.messages import cli_language
        from core.output.table import format_table

        write_out(format_table(sorted(rows, key=lambda r: r["index"]), texts,
                               cli_language(getattr(args, "lang", None))))
    return 1 if errors else 0


def result_row(result: ChunkResult) -> dict:
    """The JSON line for one chunk's result."""
    latency = result.latency_ms
    return {
        "index": result.index, "chunk_id": result.chunk_id, "roles": list(result.roles),
        "backend": result.backend, "provisional": result.provisional,
        "latency_ms": None if latency is None else round(latency, 2), "cached": result.cached,
        "relevance": _round(result.relevance), "complexity": _round(result.complexity),
        "error": result.error, "error_kind": result.error_kind,
        "confidence": _round(result.confidence), "truncated": result.truncated,
    }


def _review(args: argparse.Namespace) -> int:
    from core.review.commands import run_review

    return run_review(args, write_out)


def _compare(args: argparse.Namespace) -> int:
    from core.review.commands import run_compare

    return run_compare(args, write_out)


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _eval(args: argparse.Namespace) -> int:
    from core.run import evaluate_corpus

    return asyncio.run(evaluate_corpus(args))


def _train_local(args: argparse.Namespace) -> int:
    from pathlib import Path

    from core.local import training
    from core.local.classifier import MODEL_PATH

    paths = [Path(p) for p in args.corpus] or training.default_corpora()
    out = Path(args.out) if args.out else MODEL_PATH
    seed = training.SEED if args.seed is None else args.seed
    model = training.train_and_save(paths, out, seed)
    print(f"trained on {len(model.meta['drafts'])} drafts, {model.meta['paragraphs']} "
          f"paragraphs (seed {seed}); wrote {out} and {out.with_name('refine.npz')}")
    return 0


def _bench_local(args: argparse.Namespace) -> int:
    from core.bench.local import run_bench

    print(run_bench())
    return 0


def _bench(args: argparse.Namespace) -> int:
    from core.bench.methods import main as bench

    return bench(args)


def _bench_rest(args: argparse.Namespace) -> int:
    from core.bench.rest import main as bench

    return bench()


def _bench_realtime(args: argparse.Namespace) -> int:
    from core.bench.realtime import main as bench

    return asyncio.run(bench())


def _check(args: argparse.Namespace) -> int:
    from core.run import check_from_args

    try:
        methods = [Method(m.strip()) for m in args.methods.split(",") if m.strip()]
    except ValueError:
        return fail(f"--methods: choose from {', '.join(m.value for m in Method)}")
    return asyncio.run(check_from_args(args, methods))


def _corrections(args: argparse.Namespace) -> int:
    from core.local.corrections_cli import run

    return run(args)


def _emulator(args: argparse.Namespace) -> int:
    try:
        from core.emulator.main import serve
    except ImportError:
        return fail("the local server is not available in this version")
    return serve(args)


if __name__ == "__main__":
    raise SystemExit(main())
