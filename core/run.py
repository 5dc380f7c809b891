"""Glue for the command line: read input, pick a backend from options, run the analyzer."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from core.analyzer import Analyzer
from core.backends import BackendError, open_backend
from core.cache import ResultCache
from core.chunking import make_document, title_of
from core.models import ChunkResult
from core.settings import Settings, load_settings
from core.textio import DraftError, check_draft, decode_draft, read_draft


def load_input(path: str) -> tuple[str, str]:
    """The draft text and a name for messages; `-` reads standard input."""
    if path == "-":
        loaded = decode_draft(sys.stdin.buffer.read(), "standard input")
        name = "standard input"
    else:
        loaded = read_draft(path)
        name = path
    if loaded.encoding == "cp1251":
        print(f"draftlens: note: {name} was read as cp1251 (not UTF-8)", file=sys.stderr)
    return loaded.text, name


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Saved settings overridden by command-line options."""
    settings = load_settings()
    if getattr(args, "base_url", None):
        settings.base_url = args.base_url
    if getattr(args, "model", None):
        settings.model = args.model
    if getattr(args, "realtime_model", None):
        settings.realtime_model = args.realtime_model
    settings.demo = bool(getattr(args, "demo", False))
    return settings


async def analyze_text(
    text: str, args: argparse.Namespace, on_result: Callable[[ChunkResult], None],
    source: str = "input", topic: str | None = None,
) -> int:
    """Analyse `text`; call `on_result` per chunk as results stream in; return the error count."""
    topic = (topic if topic is not None else args.topic) or title_of(text)
    check_draft(text, topic if topic is not None else "")
    doc = make_document(text, topic)
    if not doc.chunks:
        raise DraftError(f"{source} has no paragraphs to analyse.")
    backend = await _backend(args)
    cache = ResultCache() if backend.cacheable and not args.no_cache else None
    errors = 0
    try:
        async for event in Analyzer(backend, cache).run(doc):
            if isinstance(event, ChunkResult):
                errors += event.error is not None
                on_result(event)
    finally:
        await backend.aclose()
        if cache is not None:
            cache.close()
        if getattr(args, "demo", False):
            from core.demo import stop_demo

            await stop_demo()
    return errors


async def _backend(args: argparse.Namespace):
    try:
        return await open_backend(args.method, settings_from_args(args))
    except BackendError as exc:
        raise DraftError(str(exc)) from exc


async def _collect(
    text: str, args: argparse.Namespace, source: str, topic: str,
) -> dict[int, ChunkResult]:
    results: dict[int, ChunkResult] = {}
    await analyze_text(text, args, lambda r: results.__setitem__(r.index, r), source, topic)
    return results


async def evaluate_corpus(args: argparse.Namespace) -> int:
    """Run the chosen method over a labeled corpus and print the report."""
    from core.evaluate import format_report, load_corpus, score

    drafts = load_corpus(args.corpus)
    gold: list[tuple[str, ...]] = []
    predicted: list[str | None] = []
    for draft in drafts:
        text = "\n\n".join(draft.paragraphs)
        if len(make_document(text, draft.topic).chunks) != len(draft.paragraphs):
            raise DraftError(f"{draft.id}: its paragraphs do not split one-to-one into chunks")
        results = await _collect(text, args, draft.id, draft.topic)
        for i, roles in enumerate(draft.roles):
            gold.append(roles)
            r = results.get(i)
            predicted.append(r.roles[0] if r is not None and r.ok else None)
    report = score(gold, predicted)
    print(format_report(report, as_json=args.json))
    return 0
