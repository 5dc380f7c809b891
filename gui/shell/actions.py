"""Menus and the user-facing file, export, sample and settings actions of the main window.

Every dialog is opened with open() and answered through signals, never exec(): modal loops
inside qasync tasks break ("Cannot enter into task").
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from importlib import resources as ilr
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from core.output import report as rpt
from core.textio import DraftError, write_text_atomic
from gui.common.draft_state import ChunkState
from gui.common.i18n import fill, language
from gui.files.autosave import Orphan, orphaned_records
from gui.files.disk_file import (
    DRAFT_FILTER,
    DiskFile,
    EncodingLoss,
    add_recent,
    open_draft,
    recent_files,
    save_draft,
)
from gui.files.disk_watch import DiskWatch
from gui.files.file_text import file_message, read_note
from gui.shell import help as help_menu
from gui.shell.reload import reload_keeping_yours
from gui.shell.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from gui.shell.main_window import MainWindow

EXPORTS = {  # format -> (menu label, file filter, suffix)
    "md": (QT_TRANSLATE_NOOP("Menus", "Report as Markdown…"), "Markdown (*.md)", ".md"),
    "html": (QT_TRANSLATE_NOOP("Menus", "Report as HTML…"), "HTML (*.html)", ".html"),
    "json": (QT_TRANSLATE_NOOP("Menus", "Report as JSON…"), "JSON (*.json)", ".json"),
    "csv": (QT_TRANSLATE_NOOP("Menus", "Report as CSV…"), "CSV (*.csv)", ".csv"),
    "png": (QT_TRANSLATE_NOOP("Menus", "Latency chart as PNG…"), "PNG (*.png)", ".png"),
}
SAMPLES = {"en": QT_TRANSLATE_NOOP("Menus", "English sample draft"),
           "ru": QT_TRANSLATE_NOOP("Menus", "Russian sample draft (Русский)")}
translate = QCoreApplication.translate


def _act(w: MainWindow, menu: QMenu, text: str, slot: Callable, shortcut=None) -> QAction:
    action = QAction(text, w)
    if shortcut is not None:
        shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda _=False: slot())
    menu.addAction(action)
    return action


def install(w: MainWindow) -> None:
    """Give a new window its menus, its drop-to-open and the unsaved-changes question."""
    build_menus(w)
    w.editor.sig_file_dropped.connect(lambda p: open_with_prompt(w, p))
    w.confirm_close = lambda then: confirm_discard(w, then)


def build_menus(w: MainWindow) -> None:
    """File, Analysis, View, Settings and Help menus."""
    bar = w.menuBar()
    keys = QKeySequence.StandardKey
    f = bar.addMenu(translate("Menus", "&File"))
    _act(w, f, translate("Menus", "&New"),
         lambda: confirm_discard(w, lambda: w.load_text("", None)), keys.New)
    _act(w, f, translate("Menus", "&Open…"), lambda: open_dialog(w), keys.Open)
    w.recent_menu = f.addMenu(translate("Menus", "Open &Recent"))
    w.recent_menu.aboutToShow.connect(lambda: _fill_recent(w))
    samples = f.addMenu(translate("Menus", "Open &Sample"))
    for lang, label in SAMPLES.items():
        _act(w, samples, translate("Menus", label),
             lambda lang=lang: confirm_discard(w, lambda: load_sample(w, lang)))
    _act(w, f, translate("Menus", "&Save"), lambda: save(w), keys.Save)
    _act(w, f, translate("Menus", "Save &As…"), lambda: save_as_dialog(w), keys.SaveAs)
    export = f.addMenu(translate("Menus", "&Export"))
    for fmt, (label, _, _) in EXPORTS.items():
        _act(w, export, translate("Menus", label), lambda fmt=fmt: export_dialog(w, fmt))
    f.addSeparator()
    _act(w, f, translate("Menus", "&Quit"), w.close, keys.Quit)
    a = bar.addMenu(translate("Menus", "&Analysis"))
    w.analyze_action = _act(w, a, translate("Menus", "&Analyze"), lambda: w.analyze(),
                            ["Ctrl+Return", "Ctrl+Enter"])
    w.stop_action = _act(w, a, translate("Menus", "&Stop"), w.stop, "Esc")
    a.addAction(_live_action(w))
    w.analysis_menu = a  # review/compare add their actions (gui/shell/review.py, compare.py)
    v = bar.addMenu(translate("Menus", "&View"))
    w.view_menu = v
    for dock in (w.roles_dock, w.details_dock, w.performance):
        v.addAction(dock.toggleViewAction())
    v.addSeparator()
    _act(w, v, translate("Menus", "Show &all roles"), lambda: w.legend.toggle(None))
    _act(w, v, translate("Menus", "&Next paragraph of the role"), lambda: w.legend.jump(True),
         "Alt+Down")
    _act(w, v, translate("Menus", "&Previous paragraph of the role"),
         lambda: w.legend.jump(False), "Alt+Up")
    _act(w, v, translate("Menus", "Clear the latency chart"), w.chart.clear)
    s = bar.addMenu(translate("Menus", "&Settings"))
    _act(w, s, translate("Menus", "&Preferences…"), lambda: settings_dialog(w), keys.Preferences)
    help_menu.build(w, bar)


def _live_action(w: MainWindow) -> QAction:
    action = QAction(translate("Menus", "&Live mode"), w)
    action.setCheckable(True)
    action.setChecked(w.live.isChecked())
    action.toggled.connect(w.live.setChecked)
    w.live.toggled.connect(action.setChecked)
    return action


# ---- files -------------------------------------------------------------------------------
def disk_watch(w: MainWindow) -> DiskWatch:
    """The window's watcher of its draft's file (created on first use)."""
    watch = getattr(w, "disk_watch", None)
    if watch is None:
        watch = DiskWatch(w)
        watch.sig_changed.connect(lambda path: changed_on_disk(w, path))
        w.disk_watch = watch
    return watch


def changed_on_disk(w: MainWindow, path: str) -> None:
    """Tell the writer at once (non-modal); saving will ask before overwriting."""
    w.show_status(translate("Files", "%1 was changed on disk by another program. Your text "
                                     "here is unchanged; saving will ask whether to overwrite, "
                                     "reload or save as.").replace("%1", Path(path).name))


def open_path(w: MainWindow, path: str) -> bool:
    """Load a draft file; a bad file gets a clear message and the current draft stays."""
    try:
        loaded, disk = open_draft(path)
    except DraftError as exc:
        w.show_error(translate("Files", "Cannot open the file"), file_message(str(exc)))
        return False
    w.load_text(loaded.text, str(path))
    disk_watch(w).set_file(disk)
    add_recent(path)
    note = f" ({read_note(loaded)})" if loaded.note else ""
    w.show_status(translate("Files", "Opened %1.").replace("%1", Path(path).name + note))
    return True


def open_with_prompt(w: MainWindow, path: str) -> None:
    confirm_discard(w, lambda: open_path(w, path))


def open_dialog(w: MainWindow) -> None:
    def chosen(path: str) -> None:
        confirm_discard(w, lambda: open_path(w, path))
    _file_dialog(w, translate("Files", "Open draft"), DRAFT_FILTER, chosen, save=False)


def _known_file(w: MainWindow, path: str) -> DiskFile | None:
    """The DiskFile of `path` if it is the window's own file (its format and identity)."""
    disk = disk_watch(w).file
    if disk is None or not w.path:
        return None
    same = os.path.realpath(disk.path) == os.path.realpath(path) == os.path.realpath(w.path)
    return disk if same else None


def save_to(w: MainWindow, path: str, then: Callable[[], None] | None = None,
            disk: DiskFile | None = None, force: bool = False) -> bool:
    """Save the draft to `path`, keeping the file's encoding and line endings.

    Never overwrites a file changed on disk since it was opened or saved without asking
    (overwrite / reload / save as), nor changes its encoding without asking. True when saved
    now (and `then` ran); False when refused or a question is pending.
    """
    disk = disk or _known_file(w, path) or DiskFile(str(path))
    if not force and disk.changed_on_disk():
        _ask_conflict(w, disk, then)
        return False
    try:
        saved = save_draft(disk, w.editor.toPlainText())
    except EncodingLoss as exc:
        _ask_utf8(w, exc, then)
        return False
    except DraftError as exc:
        w.show_error(translate("Files", "Cannot save"), file_message(str(exc)))
        return False
    w.path = str(path)
    disk_watch(w).set_file(saved)
    w.editor.document().setModified(False)
    w.autosaver.saved()
    add_recent(path)
    w.show_status(translate("Files", "Saved %1.").replace("%1", Path(path).name))
    w._update_title()
    if then:
        then()
    return True


def _ask_conflict(w: MainWindow, disk: DiskFile, then: Callable[[], None] | None) -> None:
    name = Path(disk.path).name
    if not w.interactive:
        w.show_error(translate("Files", "Not saved"),
                     translate("Files", "%1 was changed on disk by another program; it was not "
                                        "overwritten.").replace("%1", name))
        return
    box = QMessageBox(QMessageBox.Icon.Warning, translate("Files", "The file changed on disk"),
                      translate("Files", "%1 was changed by another program since you opened "
                                         "or saved it.").replace("%1", name) + "\n\n"
                      + translate("Files", "Overwrite it with your version, reload it from disk "
                                           "(your version is kept: Undo brings it back), or "
                                           "save your version under another name?"), parent=w)
    overwrite = box.addButton(translate("Files", "Overwrite"),
                              QMessageBox.ButtonRole.DestructiveRole)
    reload_ = box.addButton(translate("Files", "Reload from disk"),
                            QMessageBox.ButtonRole.ResetRole)
    save_as = box.addButton(translate("Files", "Save As…"), QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(cancel)
    box.setDefaultButton(cancel)  # Enter keeps the writer's text; nothing destructive
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(_code: int) -> None:
        clicked = box.clickedButton()
        if clicked is overwrite:
            save_to(w, disk.path, then, disk, force=True)
        elif clicked is reload_:
            reload_keeping_yours(w, disk_watch(w), disk.path)
        elif clicked is save_as:
            save_as_dialog(w, then)
    box.finished.connect(answered)
    box.open()


def _ask_utf8(w: MainWindow, exc: EncodingLoss, then: Callable[[], None] | None) -> None:
    if not w.interactive:
        w.show_error(translate("Files", "Not saved"), str(exc))
        return
    box = QMessageBox(QMessageBox.Icon.Question,
                      translate("Files", "Change the file's encoding?"),
                      file_message(str(exc)) + "\n\n"
                      + translate("Files", "Save it as UTF-8 instead?"),
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel, w)
    box.button(QMessageBox.StandardButton.Save).setText(translate("Files", "Save as UTF-8"))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(_code: int) -> None:
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Save:
            save_to(w, exc.disk.path, then, exc.disk.as_utf8(), force=True)
    box.finished.connect(answered)
    box.open()


def save(w: MainWindow, then: Callable[[], None] | None = None) -> None:
    if w.path:
        save_to(w, w.path, then)
    else:
        save_as_dialog(w, then)


def save_as_dialog(w: MainWindow, then: Callable[[], None] | None = None) -> None:
    def chosen(path: str) -> None:
        if not Path(path).suffix:
            path += ".md"
        save_to(w, path, then)
    _file_dialog(w, translate("Files", "Save draft"), DRAFT_FILTER, chosen, save=True)


def start_folder(w: MainWindow) -> str:
    """Where file dialogs open: the draft's folder, else the last used one, else Documents."""
    if w.path:
        return str(Path(w.path).parent)
    recent = recent_files()
    if recent:
        return str(Path(recent[0]).parent)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def suggested_export_name(w: MainWindow, fmt: str) -> str:
    """`<draft>-report.<ext>` (`<draft>-latency.png` for the chart) in the start folder."""
    stem = Path(w.path).stem if w.path else (w.topic.text().strip()[:40] or "draft")
    stem = "".join(c if c.isalnum() or c in " -_." else "_" for c in stem).strip() or "draft"
    kind = "latency" if fmt == "png" else "report"
    return str(Path(start_folder(w)) / f"{stem}-{kind}{EXPORTS[fmt][2]}")


def _file_dialog(w: MainWindow, title: str, filt: str, on_file: Callable[[str], None],
                 save: bool, suggested: str = "") -> None:
    dlg = QFileDialog(w, title, start_folder(w), filt)
    if suggested:
        dlg.selectFile(suggested)
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save
                      else QFileDialog.AcceptMode.AcceptOpen)
    dlg.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.fileSelected.connect(on_file)
    dlg.open()


def _fill_recent(w: MainWindow) -> None:
    w.recent_menu.clear()
    items = recent_files()
    if not items:
        w.recent_menu.addAction(translate("Menus", "(none)")).setEnabled(False)
    for path in items:
        w.recent_menu.addAction(path).triggered.connect(
            lambda _=False, p=path: open_with_prompt(w, p))


def confirm_discard(w: MainWindow, then: Callable[[], None]) -> None:
    """Run `then` now if there are no unsaved changes; else ask Save / Discard / Cancel."""
    if not w.interactive or not w.editor.document().isModified():
        then()
        return
    buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
               | QMessageBox.StandardButton.Cancel)
    box = QMessageBox(QMessageBox.Icon.Question, translate("Files", "Unsaved changes"),
                      translate("Files", "The draft has unsaved changes. Save them first?"),
                      buttons, w)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(_code: int) -> None:
        clicked = box.standardButton(box.clickedButton())
        if clicked == QMessageBox.StandardButton.Save:
            save(w, then)
        elif clicked == QMessageBox.StandardButton.Discard:
            w.editor.document().setModified(False)
            then()
    box.finished.connect(answered)
    box.open()


# ---- samples and recovery ----------------------------------------------------------------
def sample(lang: str) -> tuple[str, str]:
    """(text, topic) of a bundled sample draft."""
    base = ilr.files("resources")
    meta = json.loads(base.joinpath("samples.json").read_text(encoding="utf-8"))[lang]
    return base.joinpath(meta["file"]).read_text(encoding="utf-8"), meta["topic"]


def load_sample(w: MainWindow, lang: str) -> None:
    text, topic = sample(lang)
    w.load_text(text, None, topic)


def offer_recovery(w: MainWindow, fallback: Callable[[], None]) -> None:
    """Offer every orphaned recovery record (owner gone), oldest first; else `fallback`.

    Restore loads it here; "Keep for later" and Escape keep it on disk for the next start;
    only "Discard" removes it. A damaged record gets a clear message and is kept too.
    """
    _offer_next(w, orphaned_records(), fallback)


def _offer_next(w: MainWindow, orphans: list[Orphan], fallback: Callable[[], None]) -> None:
    if not orphans:
        fallback()
        return
    orphan, rest = orphans[0], orphans[1:]
    if orphan.record is None:
        text = (translate("Files", "A recovery file of DraftLens could not be read: %1.")
                .replace("%1", orphan.problem) + f"\n\n{orphan.file}\n\n"
                + translate("Files", "It is kept, so nothing is lost; discard it if you do "
                                     "not need it."))
        box = QMessageBox(QMessageBox.Icon.Warning, translate("Files", "Damaged recovery file"),
                          text, parent=w)
    else:
        more = ("\n\n" + translate("Files", "(%1 more after this one.)")
                .replace("%1", str(len(rest)))) if rest else ""
        text = (translate("Files", "DraftLens did not close properly, and unsaved text was "
                                   "kept:") + f"\n\n{orphan.describe()}\n\n"
                + translate("Files", "Restore it now?") + more)
        box = QMessageBox(QMessageBox.Icon.Question, translate("Files", "Restore unsaved draft?"),
                          text, parent=w)
        box.addButton(translate("Files", "Restore"), QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(translate("Files", "Keep for later"), QMessageBox.ButtonRole.RejectRole)
    discard = box.addButton(translate("Files", "Discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.setEscapeButton(keep)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(_code: int) -> None:
        clicked = box.clickedButton()
        if clicked is discard:
            orphan.discard()
        elif clicked is keep or clicked is None or orphan.record is None:
            orphan.release()
        else:
            _restore(w, orphan)
            for other in rest:
                other.release()  # kept on disk; offered at the next start
            return
        _offer_next(w, rest, fallback)
    box.finished.connect(answered)
    box.open()


def _restore(w: MainWindow, orphan: Orphan) -> None:
    """Load the orphan's text, make it this window's own record, then drop the orphan."""
    record = orphan.record or {}
    path = record.get("path") or None
    w.load_text(record["text"], path, record.get("topic") or "")
    if path:
        try:  # keep the file's format; its state now is what saving would replace
            disk_watch(w).set_file(open_draft(path)[1])
        except DraftError:
            disk_watch(w).set_file(None)
    w.editor.document().setModified(True)
    w.autosaver.touch()
    w.autosaver.save_now()
    w.autosaver.flush()  # the text is in our own record before the orphan goes
    orphan.discard()
    w.show_status(translate("Files", "Restored the unsaved draft."))


# ---- export ------------------------------------------------------------------------------
def build_report(w: MainWindow) -> rpt.Report:
    state = w.editor.state
    results = {i: e.result for i, e in enumerate(state.entries)
               if e.state in (ChunkState.DONE, ChunkState.ERROR)}
    results.update(state.writer_results())  # the writer's roles where they corrected one
    title = Path(w.path).stem if w.path else ""
    return rpt.build_report(state.doc, results, title or w.topic.text(), w.current_method(),
                            language())


def export_to(w: MainWindow, fmt: str, path: str) -> bool:
    """Write the report (md/html/json/csv) or the chart (png) to `path`."""
    try:
        if fmt == "png":
            if not w.chart.save_png(path):
                raise OSError("the image could not be written")
        else:
            writer = {"md": rpt.to_markdown, "html": rpt.to_html, "json": rpt.to_json,
                      "csv": rpt.to_csv}[fmt]
            # CSV with a BOM: Excel reads BOM-less UTF-8 as the ANSI code page (mojibake)
            write_text_atomic(path, writer(build_report(w)), bom=fmt == "csv")
    except OSError as exc:
        w.show_error(translate("Files", "Export failed"),
                     fill(translate("Files", "Cannot write %1: %2"), path,
                          getattr(exc, "strerror", None) or exc))
        return False
    w.show_status(translate("Files", "Exported %1.").replace("%1", Path(path).name))
    return True


def export_dialog(w: MainWindow, fmt: str) -> None:
    _, filt, suffix = EXPORTS[fmt]

    def chosen(path: str) -> None:
        export_to(w, fmt, path if Path(path).suffix else path + suffix)
    _file_dialog(w, translate("Files", "Export"), filt, chosen, save=True,
                 suggested=suggested_export_name(w, fmt))


# ---- settings ----------------------------------------------------------------------------
def settings_dialog(w: MainWindow) -> SettingsDialog:
    dlg = SettingsDialog(w.settings, w, corrections=w.corrections)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(code: int) -> None:
        if code != SettingsDialog.DialogCode.Accepted:
            return
        key = dlg.new_api_key()
        if key:
            from core.settings import set_api_key
            try:
                set_api_key(key)
            except RuntimeError as exc:
                w.show_error(translate("Files", "API key kept for this session only"),
                             str(exc))
        w.apply_settings(dlg.result_settings())
    dlg.finished.connect(done)
    dlg.open()
    return dlg
