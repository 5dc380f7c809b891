"""Glue for the command line: read input, pick a backend from options, run the analyzer."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator, Callable

from core.analyzer import Analyzer
from core.backends import Backend, BackendError, open_backend
from core.cache import ResultCache
from core.chunking import make_document, title_of
from core.models import ChunkResult, Document
from core.settings import Settings, load_settings
from core.textio import DraftError, check_draft, decode_draft, read_bounded, read_draft


def load_input(path: str) -> tuple[str, str]:
    """The draft text and a name for messages; `-` reads standard input."""
    if path == "-":
        name = "standard input"
        loaded = decode_draft(read_bounded(sys.stdin.buffer, name), name)
    else:
        loaded = read_draft(path)
        name = path
    if loaded.note:
        from core.output.messages import cli_language, say, words

        lang = cli_language()
        print(f"draftlens: {words(lang)('note')}: {say(f'{name} was {loaded.note}', lang)}",
              file=sys.stderr)
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
    if getattr(args, "patience", None) is not None:
        settings.patience = max(0.0, args.patience)
    return settings


def _document(text: str, topic: str, source: str) -> Document:
    check_draft(text, topic)
    doc = make_document(text, topic)
    if not doc.chunks:
        raise DraftError(f"{source} has no paragraphs to analyse.")
    return doc


def _writer_corrections() -> list[tuple[str, tuple[str, ...]]]:
    """The writer's corrections (`draftlens corrections`, "Mark as…"), which Local uses."""
    from core.local.corrections import CorrectionStore

    store = CorrectionStore()
    if store.warning:
        print(f"draftlens: {store.warning}", file=sys.stderr)
    return store.labeled_pairs()


@contextlib.asynccontextmanager
async def _opened(args: argparse.Namespace, method: str | None = None,
                  settings: Settings | None = None,
                  ) -> AsyncIterator[tuple[Backend, ResultCache | None]]:
    """The backend the options ask for, or `method` with `settings` (and the cache, if it is
    used), closed afterwards."""
    try:
        backend = await open_backend(method or args.method, settings or settings_from_args(args))
    except BackendError as exc:
        raise DraftError(str(exc)) from exc
    if hasattr(backend, "refine"):
        backend.refine = True  # Local: the command line prints final (refined) verdicts
        backend.corrections = _writer_corrections()
    cache = ResultCache() if backend.cacheable and not args.no_cache else None
    try:
        yield backend, cache
    finally:
        await backend.aclose()
        if cache is not None:
            cache.close()
        if getattr(args, "demo", False):
            from core.emulator.demo import stop_demo

            await stop_demo()


async def _run(doc: Document, backend: Backend, cache: ResultCache | None,
               on_result: Callable[[ChunkResult], None]) -> int:
    errors = 0
    watch = _watch_patience(backend)
    try:
        async for event in Analyzer(backend, cache).run(doc):
            if isinstance(event, ChunkResult):
                errors += event.error is not None
                on_result(event)
    finally:
        if watch is not None:
            watch.cancel()
    return errors


def _watch_patience(backend: Backend) -> asyncio.Task | None:
    """Say on stderr when the server stops answering, rate limits or comes back."""
    if not backend.server:
        return None
    from core.backends.patience import report_changes

    parts = tuple(b for b, _ in backend.answer_keys())
    return asyncio.get_running_loop().create_task(report_changes(
        backend.server, parts, lambda words: print(f"draftlens: {words}", file=sys.stderr)))


async def _collect(doc: Document, backend: Backend,
                   cache: ResultCache | None) -> dict[int, ChunkResult]:
    results: dict[int, ChunkResult] = {}
    await _run(doc, backend, cache, lambda r: results.__setitem__(r.index, r))
    return results


def topic_or_title(text: str, topic: str | None) -> str:
    """`topic`, else the draft's title, named on stderr so the user can correct it."""
    if topic:
        return topic
    title = title_of(text)
    if title:
        from core.output.messages import cli_language, say

        said = say(f"topic: \"{title}\" (the draft's title; set another with --topic)",
                   cli_language())
        print(f"draftlens: {said}", file=sys.stderr)
    return title


async def analyze_text(
    text: str, args: argparse.Namespace, on_result: Callable[[ChunkResult], None],
    source: str = "input", topic: str | None = None,
    on_document: Callable[[Document], None] | None = None,
) -> int:
    """Analyse `text`; call `on_result` per chunk as results stream in; return the error count.

    Without a topic, the draft's title is used and named on stderr, so the user can correct it.
    """
    doc = _document(text, topic_or_title(text, topic if topic is not None else args.topic),
                    source)
    if on_document is not None:
        on_document(doc)
    async with _opened(args) as (backend, cache):
        return await _run(doc, backend, cache, on_result)


async def check_from_args(args: argparse.Namespace, methods: list) -> int:
    """`draftlens check`: probe the server, print the report; 0 only if every method can run."""
    from core.backends.check import check_server, format_report

    settings = settings_from_args(args)
    key = None
    if settings.demo:
        from core.emulator.demo import DEMO_KEY, demo_base_url

        settings.base_url, key = await demo_base_url(), DEMO_KEY
    try:
        report = await check_server(settings, key, methods=methods, timeout=args.timeout)
    finally:
        if settings.demo:
            from core.emulator.demo import stop_demo

            await stop_demo()
    print(format_report(report, methods))
    return 0 if all(report.can_run(m) for m in methods) else 1


async def evaluate_corpus(args: argparse.Namespace) -> int:
    """Run the chosen method over a labeled corpus and print the report."""
    from core.evaluate import format_report, load_corpus, score

    if (getattr(args, "cv", False) or getattr(args, "learning_curve", False)
            or getattr(args, "adapt", False) or getattr(args, "relevance", False)):
        if args.method != "local":
            raise DraftError("--cv and --learning-curve train and test the Local model; "
                             "drop --method or use --method local.")
        return cross_validate_local(args)
    if not args.corpus:
        raise DraftError("eval needs --corpus (or --cv for the whole training corpus).")
    drafts = load_corpus(args.corpus)
    gold: list[tuple[str, ...]] = []
    predicted: list[str | None] = []
    async with _opened(args) as (backend, cache):
        for draft in drafts:
            doc = _document("\n\n".join(draft.paragraphs), draft.topic, draft.id)
            if len(doc.chunks) != len(draft.paragraphs):
                raise DraftError(f"{draft.id}: its paragraphs do not split one-to-one into chunks")
            results = await _collect(doc, backend, cache)
            for i, roles in enumerate(draft.roles):
                gold.append(roles)
                r = results.get(i)
                predicted.append(r.roles[0] if r is not None and r.ok else None)
    report = score(gold, predicted)
    print(format_report(report, as_json=args.json))
    return 0


def cross_validate_local(args: argparse.Namespace) -> int:
    """Leave-one-draft-out evaluation of the Local model (and its learning curve)."""
    from pathlib import Path

    from core.evaluate import format_cv_report, load_corpus
    from core.local import training

    pool_paths = [Path(p) for p in args.train_corpus] if args.train_corpus else \
        training.default_corpora()
    pool = training.load_drafts(pool_paths)
    tests = load_corpus(args.corpus) if args.corpus else pool
    pool = training.load_drafts(pool_paths + ([Path(args.corpus)] if args.corpus else []))
    if args.cv:
        from core.local import embed, evaluation

        refine = embed.available()
        folds = training.cross_validate(tests, pool, refine=refine)
        print(format_cv_report(training.held_out_drafts(folds), len(pool)))
        if refine:
            print("\n" + evaluation.format_stages(folds))
    if getattr(args, "adapt", False):
        from core.local import evaluation

        print("\n" + evaluation.format_adaptation(
            evaluation.simulate_adaptation(tests, pool, training.train_refiner)))
    if getattr(args, "relevance", False):
        from core.local import relevance_eval

        print(relevance_eval.format_report(relevance_eval.cross_validate(pool)))
    if args.learning_curve:
        from core.local import embed

        curve = training.learning_curve(tests, pool, refine=embed.available())
        print("learning curve (leave-one-draft-out accuracy vs share of the training drafts):")
        for share, acc in curve.items():
            print(f"  {share:>4.0%} of the other drafts: accuracy={acc:.3f}")
    return 0
