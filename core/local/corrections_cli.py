"""`draftlens corrections add|list|clear|export`: the writer's corrections from the shell."""

from __future__ import annotations

import argparse
import sys

from core.local.corrections import CorrectionsError, CorrectionStore, to_corpus
from core.textio import write_text_atomic

CLEARED_SUFFIX = ".cleared.jsonl"  # where `clear` keeps what it removed (undo: `add` it)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The `corrections` subcommand and its actions."""
    c = sub.add_parser("corrections", help="the writer's role corrections: add, list, clear, "
                                            "export (stored in the user's data directory)")
    acts = c.add_subparsers(dest="action", metavar="ACTION")
    a = acts.add_parser("add", help="import labeled paragraphs (corpus .jsonl: one draft per "
                                    "line with id, lang, topic, paragraphs[{text, roles}])")
    a.add_argument("file", help="labeled corpus file (.jsonl)")
    acts.add_parser("list", help="show every correction, oldest first")
    acts.add_parser("clear", help=f"remove every correction (kept in *{CLEARED_SUFFIX} beside "
                                  "the store, so `add` brings them back)")
    e = acts.add_parser("export", help="write the corrections as a labeled corpus (.jsonl)")
    e.add_argument("file", help="output file, or - for standard output")


def run(args: argparse.Namespace, store: CorrectionStore | None = None) -> int:
    """Run one action; a clear message and exit code 2 for bad input."""
    action = getattr(args, "action", None)
    if action is None:
        return _fail("corrections: choose an action: add FILE, list, clear or export FILE")
    store = store or CorrectionStore()
    try:
        if store.warning:
            print(f"draftlens: {store.warning}", file=sys.stderr)
        return {"add": _add, "list": _list, "clear": _clear, "export": _export}[action](
            store, args)
    except CorrectionsError as exc:
        return _fail(f"corrections {action}: {exc}")
    except BrokenPipeError:
        raise  # the reader of our output went away (`| head`): the command line ends quietly
    except OSError as exc:
        where = args.file if action == "export" else store.path
        return _fail(f"corrections {action}: cannot write {where}: {exc.strerror or exc}")


def _add(store: CorrectionStore, args: argparse.Namespace) -> int:
    n = store.import_corpus(args.file)
    print(f"added {n} corrections from {args.file}; {len(store)} stored in {store.path}")
    return 0


def _list(store: CorrectionStore, _args: argparse.Namespace) -> int:
    for c in store.all():
        text = " ".join(c.text.split())
        text = text if len(text) <= 72 else text[:71] + "…"
        print(f"{','.join(c.roles):<32} {c.lang or '--':<3} {text}")
    sys.stdout.flush()  # a closed pipe shows here, not at exit
    print(f"{len(store)} corrections in {store.path}", file=sys.stderr)
    return 0


def _clear(store: CorrectionStore, _args: argparse.Namespace) -> int:
    items = store.all()
    if not items:
        print(f"no corrections to clear in {store.path}")
        return 0
    backup = store.path.with_name(store.path.stem + CLEARED_SUFFIX)
    write_text_atomic(backup, to_corpus(items))
    store.clear()
    print(f"cleared {len(items)} corrections; they are kept in {backup} "
          f"(`draftlens corrections add {backup}` brings them back)")
    return 0


def _export(store: CorrectionStore, args: argparse.Namespace) -> int:
    if args.file == "-":
        sys.stdout.write(to_corpus(store.all()))
        sys.stdout.flush()
        return 0
    n = store.export_corpus(args.file)
    print(f"exported {n} corrections to {args.file}")
    return 0


def _fail(message: str) -> int:
    print(f"draftlens: {message}", file=sys.stderr)
    return 2
