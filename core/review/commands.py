"""`draftlens review` and `draftlens compare`: their options and what they print.

core.cli adds these parsers and calls `run_review` / `run_compare`; analysing goes through
core.run like `analyze` does.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
from collections.abc import Callable

from core.models import ChunkResult, Document, Method
from core.textio import DraftError

GENRES = ("blog", "essay", "fiction", "howto", "newsletter", "other")


def add_parsers(sub: argparse._SubParsersAction,
                add_server_options: Callable[[argparse.ArgumentParser], None],
                add_backend_options: Callable[[argparse.ArgumentParser], None]) -> None:
    r = sub.add_parser("review", help="findings about a draft's shape (thesis, ending, "
                       "off-topic runs, repeats...)")
    r.add_argument("path", nargs="?", help="draft file (.txt, .md), or - for standard input")
    r.add_argument("--corpus", help="review every draft of a labeled corpus (.jsonl) instead")
    r.add_argument("--labels", action="store_true",
                   help="with --corpus: review the drafts' gold labels, not the method's verdicts")
    r.add_argument("--topic", help="what the draft is about (default: its title)")
    r.add_argument("--format", default="text", choices=("text", "json"))
    r.add_argument("--lang", choices=("en", "ru"), help="language of the findings "
                   "(default: the draft's)")
    r.add_argument("--genre", choices=GENRES, help="compare the digression share with this "
                   "genre's labeled drafts (default: all genres)")
    r.add_argument("--no-history", action="store_true",
                   help="do not keep this analysis in the file's history")
    add_backend_options(r)
    c = sub.add_parser("compare", help="run two methods on one draft and show where they "
                       "disagree")
    c.add_argument("path", help="draft file (.txt, .md), or - for standard input")
    c.add_argument("--methods", default="local,rest",
                   help="two comma-separated methods (default local,rest)")
    c.add_argument("--topic", help="what the draft is about (default: its title)")
    c.add_argument("--models", help="a model for each method, e.g. --methods rest,rest "
                   "--models gpt-4o-mini,gpt-4o (two models of one method)")
    c.add_argument("--format", default="table", choices=("table", "json"))
    c.add_argument("--no-cache", action="store_true", help="ignore and do not fill the cache")
    add_server_options(c)


def run_review(args: argparse.Namespace, write: Callable[[str], None]) -> int:
    """Analyse, review, print; 1 if some paragraphs could not be analysed."""
    from core.review.findings import draft_lang, review_results
    from core.run import analyze_text, load_input

    if args.corpus:
        return asyncio.run(_review_corpus(args, write))
    if not args.path:
        raise DraftError("review needs a draft file (or --corpus FILE).")

    text, source = load_input(args.path)
    results: dict[int, ChunkResult] = {}
    docs: list[Document] = []
    errors = asyncio.run(analyze_text(text, args, lambda r: results.__setitem__(r.index, r),
                                      source=source, on_document=docs.append))
    doc = docs[0]
    texts = [c.text for c in doc.chunks]
    lang = args.lang or draft_lang(texts)
    findings = review_results(texts, results, lang, args.genre, [c.kind for c in doc.chunks])
    revision = None if args.no_history or args.path == "-" else _revision(args, doc, results,
                                                                          lang)
    if args.format == "json":
        write(json.dumps({"topic": doc.topic, "method": args.method, "lang": lang,
                          "findings": [f.to_dict() for f in findings],
                          "revision": revision}, ensure_ascii=False, indent=2))
    else:
        write(_text(findings, revision, lang))
    return 1 if errors else 0


async def _review_corpus(args: argparse.Namespace, write: Callable[[str], None]) -> int:
    """Review each labeled draft: its gold labels (--labels) or the method's verdicts."""
    from core.evaluate import load_corpus
    from core.review.findings import draft_lang, review, review_results
    from core.review.verdicts import from_labels
    from core.run import _collect, _document, _opened

    drafts = load_corpus(args.corpus)
    genres = _styles(args.corpus)
    reviewed = []
    async with _opened(args) as (backend, cache):
        for d in drafts:
            genre = args.genre or genres.get(d.id)
            if args.labels:
                found = review(from_labels(d.paragraphs, d.roles), args.lang, genre)
            else:
                doc = _document("\n\n".join(d.paragraphs), d.topic, d.id)
                results = await _collect(doc, backend, cache)
                found = review_results([c.text for c in doc.chunks], results, args.lang, genre,
                                       [c.kind for c in doc.chunks])
            reviewed.append((d.id, found, args.lang or draft_lang(d.paragraphs)))
    source = "labels" if args.labels else args.method
    if args.format == "json":
        write(json.dumps({"corpus": args.corpus, "verdicts": source, "drafts": [
            {"id": i, "findings": [f.to_dict() for f in fs]} for i, fs, _ in reviewed]},
            ensure_ascii=False, indent=2))
    else:
        for i, fs, lang in reviewed:
            write(f"== {i}\n" + _text(fs, None, lang))
    return 0


def _styles(path: str) -> dict[str, str]:
    """Each labeled draft's genre (its "style"), where the corpus gives one."""
    from pathlib import Path

    out = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            if obj.get("style"):
                out[str(obj.get("id"))] = str(obj["style"])
    return out


def _revision(args: argparse.Namespace, doc: Document, results: dict[int, ChunkResult],
              lang: str) -> dict | None:
    from core.review import history

    before = history.record(args.path, history.snapshot(doc.chunks, results, args.method))
    if before is None:
        return None
    rev = history.diff(before, history.load(args.path)[-1])
    return {"summary": history.summary(rev, lang), "changed": history.changed_lines(rev, lang)}


def _text(findings: list, revision: dict | None, lang: str) -> str:
    lines = []
    for f in findings:
        mark = "!" if f.severity == "warning" else "·"
        lines += [f"{mark} [{f.id}] {f.message}", f"    → {f.suggestion}"]
    if not findings:
        lines.append("Замечаний нет." if lang == "ru" else "No findings.")
    if revision:
        lines += ["", ("С прошлого анализа: " if lang == "ru" else "Since the last analysis: ")
                  + revision["summary"], *(f"    {c}" for c in revision["changed"])]
    return "\n".join(lines)


def parse_methods(text: str) -> tuple[str, str]:
    parts = [m.strip() for m in text.split(",") if m.strip()]
    valid = {m.value for m in Method}
    if len(parts) != 2 or any(p not in valid for p in parts):
        raise DraftError(f"--methods: give two of {', '.join(sorted(valid))}, e.g. local,rest")
    return parts[0], parts[1]


def parse_models(text: str | None) -> tuple[str, str] | None:
    if not text:
        return None
    parts = [m.strip() for m in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise DraftError("--models: give two models, one per method, e.g. gpt-4o-mini,gpt-4o")
    return parts[0], parts[1]


def _with_model(settings, method: str, model: str | None):
    """`settings` with `model` as the method's model (the Realtime one for realtime)."""
    import dataclasses

    if not model or method == "local":
        return settings
    field = "realtime_model" if method == "realtime" else "model"
    return dataclasses.replace(settings, **{field: model})


def run_compare(args: argparse.Namespace, write: Callable[[str], None]) -> int:
    """Run both methods at once on the draft; print the comparison."""
    from core.review.compare import compare, format_table
    from core.run import _document, load_input, topic_or_title

    methods = parse_methods(args.methods)
    models = parse_models(args.models)
    text, source = load_input(args.path)
    doc = _document(text, topic_or_title(text, args.topic), source)
    a, b = asyncio.run(run_methods(doc, methods, args, models))
    names = [f"{m}:{model}" for m, model in zip(methods, models, strict=True)] if models \
        else list(methods)
    cmp = compare(names, len(doc.chunks), a, b)
    write(json.dumps(cmp.to_dict(), ensure_ascii=False, indent=2) if args.format == "json"
          else format_table(cmp))
    return 0


async def run_methods(doc: Document, methods: tuple[str, str], args: argparse.Namespace,
                      models: tuple[str, str] | None = None) -> list[dict[int, ChunkResult]]:
    """Every paragraph's result from each method, the methods running at the same time."""
    from core.run import _collect, _opened, settings_from_args

    settings = settings_from_args(args)
    async with contextlib.AsyncExitStack() as stack:
        opened = [await stack.enter_async_context(
            _opened(args, m, _with_model(settings, m, models and models[k])))
            for k, m in enumerate(methods)]
        return list(await asyncio.gather(*(_collect(doc, b, c) for b, c in opened)))
