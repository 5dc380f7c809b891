"""Russian interface: every visible string is translated (main window, settings, dialogs, Qt's
file dialog, the Performance panel, Test connection, core errors, exports)."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from importlib import resources as ilr

import pytest
from fakes import visible_box
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from core.backends import method_status
from core.backends.check import CheckReport, CheckStep
from core.models import ChunkResult, RequestRecord
from core.output import report as rpt
from gui.common import i18n
from gui.common.error_text import error_text
from gui.shell import actions
from gui.shell import help as help_menu

TS = ilr.files("resources").joinpath("i18n", "draftlens_ru.ts")
# words that stay as they are in Russian: product, protocol and API names, key names
KEEP = {"DraftLens", "REST", "Realtime", "OpenAI", "API", "JSON", "WebSocket", "Chat",
        "Completions", "Ollama", "Studio", "llama", "cpp", "vLLM", "Ctrl", "Enter", "Esc",
        "Alt", "Shift", "PNG", "HTML", "CSV", "Markdown", "English", "local", "p95", "p50",
        "Return"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")


def english_sources() -> set[str]:
    """Source strings of the .ts whose Russian translation differs from the English."""
    out = set()
    for message in ET.parse(str(TS)).getroot().iter("message"):
        source, translation = message.findtext("source"), message.findtext("translation")
        if source and translation != source:
            out.add(source)
            out.add(source.replace("&", ""))
    return out


def _ours(w: QWidget) -> bool:
    """False for pyqtgraph's own widgets and menus (its plot options stay in English)."""
    while w is not None:
        if type(w).__module__.startswith("pyqtgraph") or w.objectName() == "pyqtgraph_menu":
            return False
        if isinstance(w, QMenu) and type(w.parent()).__name__ == "LatencyChart":
            return False
        w = w.parentWidget()
    return True


def visible_strings(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every user-visible string under `root` (not the draft itself)."""
    found = [("title", root.windowTitle())]
    for w in [root, *filter(_ours, root.findChildren(QWidget))]:
        name = f"{type(w).__name__}#{w.objectName()}"
        found.append((f"{name} tooltip", w.toolTip()))
        if isinstance(w, QLabel | QAbstractButton):
            found.append((name, w.text()))
        if isinstance(w, QLineEdit | QPlainTextEdit):
            found.append((f"{name} placeholder", w.placeholderText()))
        if isinstance(w, QGroupBox | QDockWidget):
            found.append((name, w.title() if isinstance(w, QGroupBox) else w.windowTitle()))
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                found += [(name, w.tabText(i)), (name, w.tabToolTip(i))]
        if isinstance(w, QComboBox) and not w.isEditable():
            found += [(name, w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QTreeWidget):
            header = w.headerItem()
            found += [(name, header.text(c)) for c in range(header.columnCount())]
        if isinstance(w, QMenu):
            found += [(f"menu {w.title()}", a.text()) for a in w.actions()]
    menus = [m for m in root.findChildren(QMenu) if _ours(m)]
    for action in root.actions() + [a for m in menus for a in m.actions()]:
        found += [("action", action.text()), ("action tooltip", action.toolTip())]
    return [(where, text) for where, text in found if text and text.strip()]


def _words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)                    # rich-text tags
    text = re.sub(r"https?://\S+|\$\w+|\S*[\d_./-]\S*", " ", text)  # URLs, names, model ids
    return [w for w in LATIN_WORD.findall(text) if w not in KEEP]


@pytest.fixture
def russian(qapp):
    lang = i18n.install(qapp, "ru")
    assert lang == "ru"
    yield
    i18n.install(qapp, "en")


def test_language_follows_the_setting_then_the_system_locale():
    assert i18n.pick_language("ru", QLocale(QLocale.Language.English)) == "ru"
    assert i18n.pick_language("", QLocale(QLocale.Language.Russian)) == "ru"
    assert i18n.pick_language("", QLocale(QLocale.Language.German)) == "en"
    assert i18n.pick_language("en", QLocale(QLocale.Language.Russian)) == "en"


def test_the_russian_window_has_no_untranslated_string(qtbot, make_window, russian):
    w = make_window(status_fn=method_status)  # no key: REST/Realtime say why they cannot run
    assert not w.switcher.buttons["rest"].isEnabled()
    assert "ключ" in w.switcher.buttons["rest"].toolTip()
    text, topic = actions.sample("ru")
    w.load_text(text, None, topic)
    w.switcher.set_method("local")
    with qtbot.waitSignal(w.sig_run_finished, timeout=10000):
        assert w.analyze()
    w.performance.show()
    w.event_log.flush()
    dialog = actions.settings_dialog(w)
    english = english_sources()
    assert len(english) > 200
    strings = visible_strings(w) + visible_strings(dialog)
    assert len(strings) > 150
    untranslated = [(where, text) for where, text in strings
                    if text.replace("&", "") in english or _words(text)]
    dialog.close()
    assert not untranslated, untranslated[:40]
    # role names and meanings come from the roles table in Russian
    assert w.legend.rows["key_thesis"].name.text() == "<b>ключевой тезис</b>"
    assert "абзац" in w.legend.rows["key_thesis"].count.text()
    assert w.analyze_btn.text() == "Анализ" and w.performance.windowTitle() == "Производительность"


def test_the_english_window_shows_english(make_window):
    w = make_window()
    assert w.analyze_btn.text() == "Analyze"
    assert w.legend.rows["key_thesis"].name.text() == "<b>key thesis</b>"


def test_fill_replaces_each_placeholder_once():
    from gui.common.i18n import fill

    assert fill("%1 · %2% of the text", "3 paragraphs", 14) == "3 paragraphs · 14% of the text"
    assert fill("Cannot write %1: %2", "/tmp/a%2b.md", "disk full") == \
        "Cannot write /tmp/a%2b.md: disk full"  # a value is never filled in again
    assert fill("%1 and %3", "x") == "x and %3"


# ---- the walk continued: dialogs, Qt's file dialog, Performance, errors, exports ----------
def untranslated(*roots) -> list[tuple[str, str]]:
    english = english_sources()
    strings = [s for root in roots for s in visible_strings(root)]
    assert strings
    return [(where, text) for where, text in strings
            if text.replace("&", "") in english or _words(text)]


def test_help_dialogs_and_the_conflict_question_are_russian(tmp_path, make_window, russian):
    w = make_window(interactive=True)
    dialogs = [help_menu.roles_dialog(w), help_menu.shortcuts_dialog(w), help_menu.about_box(w)]
    path = tmp_path / "draft.md"
    path.write_text("Один.\n\nДва.", encoding="utf-8")
    assert actions.open_path(w, str(path))
    w.editor.appendPlainText("\nмоё")
    path.write_text("чужое", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    for d in dialogs:
        d.close()
    actions.save(w)
    box = visible_box(w)
    assert not untranslated(*dialogs, box)
    box.reject()


def test_qts_own_file_dialog_is_russian(make_window, russian, qtbot):
    w = make_window()
    dlg = QFileDialog(w, "x")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog)
    texts = {label.text() for label in dlg.findChildren(QLabel)}
    assert "Look in:" not in texts and "Files of type:" not in texts
    assert any("Перейти" in t or "Папка" in t for t in texts), texts


def test_performance_panel_and_test_connection_results_are_russian(make_window, russian):
    w = make_window()
    w.performance.show()
    w.chart.add(RequestRecord("rest", "a", ("c1",), start=1.0, end=1.5515, ok=False))
    w.chart.add(RequestRecord("rest", "b", ("c1",), start=2.0, end=2.5515, ok=True))
    w.chart.add(RequestRecord("realtime", "c", ("c2",), start=2.0, end=2.3, ok=False))
    w.chart.redraw()
    stats = w.chart.stats.text()
    assert re.search(r"p50 55[12] мс", stats), stats  # 551.5 ms, whole milliseconds
    assert not _words(stats), stats
    assert w.chart.plot.getAxis("left").labelUnits == "мс"
    dialog = actions.settings_dialog(w)
    dialog.show_report(CheckReport("http://127.0.0.1:9/v1", steps=[
        CheckStep("models", True, "3 models: a, b, c", 12.5),
        CheckStep("chat", True, "gpt-x answered: 'ok'", 651.25),
        CheckStep("realtime", False, "cannot reach the server: connection refused (nothing "
                                     "listens at that address and port)", 3.0)]))
    text = dialog.check_result.text()
    assert "моделей" in text and "651 мс" in text and "соединение отклонено" in text
    assert not untranslated(w.performance, dialog)
    dialog.close()


def test_core_errors_are_said_in_russian(russian):
    by_kind = error_text("unreachable", {"url": "http://127.0.0.1:9/v1"}, "whatever")
    assert by_kind.startswith("Не удаётся связаться с сервером http://127.0.0.1:9/v1")
    assert "1,5" in error_text("rate_limited", {"seconds": 1.5}, "")
    english = ("Cannot reach the server at http://h:1/v1 (Connection refused). Check the base "
               "URL and that the server is running.")
    assert error_text(None, None, english).startswith("Не удаётся связаться с сервером http://h")
    headline = error_text("cut", {}, "stream ended early")
    assert headline == "Соединение оборвалось посреди ответа (stream ended early)"
    gave_up = error_text("server_error", {"url": "http://h:1/v1", "seconds": "45"}, "x")
    assert gave_up.startswith("Сервер http://h:1/v1 не отвечал 45 с"), gave_up


def test_the_paragraph_panel_names_the_method_in_russian(russian):
    from core.chunking import make_document
    from gui.common.describe import describe_html
    from gui.common.draft_state import ChunkState, Entry

    chunk = make_document("Один абзац.", "t").chunks[0]
    result = ChunkResult(chunk.id, 0, chunk.hash, ("example",), "local", "local-v1")
    text = describe_html(Entry(chunk, ChunkState.DONE, result), 0)
    assert "Локально (local-v1)" in text and "local (" not in text, text


def test_core_errors_in_english_keep_their_words(qapp):
    assert error_text("cut", {}, "stream ended early") == "stream ended early"
    assert error_text("server_error", {"status": 502}, "x") == "The server failed (HTTP 502)."


def test_exports_from_the_russian_interface_are_russian(make_window, russian):
    w = make_window()
    text, topic = actions.sample("ru")
    w.load_text(text, None, topic)
    entries = w.editor.state.entries
    first = entries[0].chunk
    w.editor.apply_result(ChunkResult(first.id, 0, first.hash, ("key_thesis",), "local"))
    report = actions.build_report(w)
    assert report.lang == "ru"
    page = rpt.to_html(report)
    assert "Форма черновика" in page and "ключевой тезис" in page and "Тема" in page
    assert "Shape of the draft" not in page and "not analysed" not in page


def test_file_messages_from_core_are_russian(tmp_path, make_window, russian):
    from gui.files.disk_file import DiskFile, EncodingLoss

    w = make_window()
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Заголовок\n\nТекст.".encode("utf-16-le"))
    assert actions.open_path(w, str(utf16))
    assert "прочитан как UTF-16 LE" in w.last_message and not _words(
        w.last_message.replace("UTF", "").replace("utf16.txt", ""))
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)
    assert not actions.open_path(w, str(binary))
    assert "похож на двоичный файл" in w.last_message
    assert not actions.open_path(w, str(tmp_path / "missing.md"))
    assert "файла нет" in w.last_message
    loss = str(EncodingLoss(DiskFile(str(tmp_path / "a.txt"), "cp1252"), "Ж"))
    from gui.files.file_text import file_message

    assert file_message(loss).startswith("a.txt сохранён в кодировке cp1252")
