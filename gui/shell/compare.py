"""Compare with…: analyse the draft with a second method at the same time as the chosen one,
then split the document map's bands where the two disagree and step through the disagreements
(Analysis menu; View → Next/Previous disagreement, Alt+Shift+Down/Up)."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from core.analyzer import Analyzer
from core.backends import BackendError, open_backend
from core.cache import ResultCache
from core.models import ChunkResult, Document, Method
from core.review.compare import Comparison, compare
from gui.common.draft_state import ChunkState
from gui.common.i18n import fill, method_label, role_label
from gui.shell.main_window import MainWindow

translate = QCoreApplication.translate


class CompareSession:
    """The second method's results for the current draft and how they compare."""

    def __init__(self, w: MainWindow) -> None:
        self.w = w
        self.method = ""
        self.doc: Document | None = None
        self.other: dict[int, ChunkResult] = {}
        self.done = False
        self.result: Comparison | None = None
        self.disagreements: list[int] = []
        self.opener = open_backend  # tests hand in scripted backends
        w.sig_run_finished.connect(lambda _s, _m: self._settle(window_done=True))
        w.editor.sig_loaded.connect(self.clear)

    def start(self, method: str) -> bool:
        """Run the window's method (if the draft needs it) and `method` side by side."""
        w = self.w
        self.clear()
        needs = w.editor.state.needs_analysis()
        if needs and not w.analyze():
            return False
        if not w.editor.state.entries:
            return False
        self.method, self.doc = method, w.editor.state.doc
        w.tasks.spawn(self._run(method, self.doc), "compare")
        w.show_status(translate("Compare", "Comparing with %1…").replace(
            "%1", method_label(method)))
        return True

    async def _run(self, method: str, doc: Document) -> None:
        cache = backend = None
        try:
            backend = await self.opener(method, self.w.settings)
            cache = ResultCache() if backend.cacheable else None
            async for event in Analyzer(backend, cache).run(doc):
                if isinstance(event, ChunkResult):
                    self.other[event.index] = event
        except BackendError as exc:
            self.w.show_error(translate("Compare", "Comparison failed"), str(exc))
            return
        finally:
            if backend is not None:
                await backend.aclose()
            if cache is not None:
                cache.close()
        if doc is self.doc:
            self.done = True
            self._settle()

    def _settle(self, window_done: bool = False) -> None:
        """Once both methods have answered for this draft, compare and show (the window's
        run is still `running` while it reports its end)."""
        w = self.w
        if not self.done or (w.runner.running and not window_done) or \
                w.editor.state.doc is not self.doc:
            return
        entries = w.editor.state.entries
        mine = {i: e.result for i, e in enumerate(entries) if e.state is ChunkState.DONE}
        self.result = compare([w.current_method(), self.method], len(entries), mine, self.other)
        self.disagreements = list(self.result.disagreements)
        w.doc_map.set_split({entries[i].chunk.id: self.result.roles_b[i][0]
                             for i in self.disagreements if self.result.roles_b[i]
                             and self.result.roles_a[i]})
        line = fill(translate("Compare", "%1 vs %2: %3 % agree, %4 paragraphs differ."),
                    method_label(w.current_method()), method_label(self.method),
                    f"{self.result.agreement * 100:.0f}", len(self.disagreements))
        w.show_status(line)
        w.findings.set_comparison(_table_html(line, self.result))

    def clear(self) -> None:
        self.method, self.doc, self.other, self.done = "", None, {}, False
        self.result, self.disagreements = None, []
        self.w.doc_map.set_split({})
        self.w.findings.set_comparison("")

    def step(self, forward: bool) -> int:
        """Go to the next (or previous) disagreement from the cursor; its index, or -1."""
        here = self.w.editor.current_chunk()
        order = self.disagreements if forward else list(reversed(self.disagreements))
        for i in order:
            if (i > here) if forward else (i < here):
                self.w.editor.go_to_chunk(i)
                return i
        return -1


def _enable(w: MainWindow, actions: list[QAction]) -> None:
    """Offer the methods that can run now, other than the window's own; say why not."""
    for action in actions:
        method = action.objectName().removeprefix("compare_")
        reason = w.switcher.reasons.get(method)
        action.setEnabled(method != w.current_method() and not reason)
        action.setToolTip(reason or "")


def _table_html(line: str, cmp: Comparison) -> str:
    """The agreement line and the per-role table (paragraphs by primary role, each method)."""
    a, b = (method_label(m) for m in cmp.methods)
    both = translate("Compare", "both")
    rows = "".join(f"<tr><td>{html.escape(role_label(r.role))}</td><td align=right>{r.a}</td>"
                   f"<td align=right>{r.b}</td><td align=right>{r.both}</td></tr>"
                   for r in cmp.table)
    return (f"<p>{html.escape(line)}</p><table cellspacing=4><tr><th></th>"
            f"<th>{html.escape(a)}</th><th>{html.escape(b)}</th><th>{html.escape(both)}</th>"
            f"</tr>{rows}</table>")


def install(w: MainWindow) -> CompareSession:
    """The Compare with… submenu and the Next/Previous disagreement actions."""
    session = CompareSession(w)
    w.compare = session
    analysis = getattr(w, "analysis_menu", None)
    view = getattr(w, "view_menu", None)
    if analysis is not None:
        menu = analysis.addMenu(translate("Compare", "&Compare with…"))
        menu.setObjectName("compare_menu")
        for m in Method:
            action = menu.addAction(method_label(m.value))
            action.setObjectName(f"compare_{m.value}")
            action.triggered.connect(lambda _=False, m=m.value: session.start(m))
        menu.aboutToShow.connect(lambda: _enable(w, menu.actions()))
    if view is not None:
        view.addSeparator()
        for text, key, forward in (
                (translate("Compare", "Next &disagreement"), "Alt+Shift+Down", True),
                (translate("Compare", "Previous d&isagreement"), "Alt+Shift+Up", False)):
            action = QAction(text, w)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, f=forward: session.step(f))
            view.addAction(action)
    return session
