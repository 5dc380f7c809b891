"""The settings dialog: what a writer needs first, everything else under "Advanced".

The API key goes to the keyring (never to the settings file). "Test connection" runs the
connection check on the asyncio loop and fills the model lists from the server's answer.
"""

from __future__ import annotations

import asyncio
import html
from dataclasses import fields, replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.models import Method
from core.settings import Settings, get_api_key
from gui.common.locale_axis import locale_number
from gui.common.wrapped_label import WrappedLabel
from gui.shell.check_text import check_detail

LABELS = {  # field -> (label, tooltip); marked for translation, translated where shown
    "base_url": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Server"),
        QT_TRANSLATE_NOOP("SettingsDialog",
                          "Empty: $OPENAI_BASE_URL, else OpenAI. Any OpenAI-compatible "
                          "server works (Ollama, LM Studio, llama.cpp, vLLM)."),
    ),
    "model": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Model"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Chat Completions model (REST and Hybrid's fallback)."),
    ),
    "realtime_model": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Realtime model"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Realtime API model (Realtime and Hybrid)."),
    ),
    "demo": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Demo mode"),
        "",
    ),
    "language": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Language"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Interface language; takes effect after a restart."),
    ),
    "batch_size": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Batch size"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Consecutive paragraphs per REST request."),
    ),
    "concurrency": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Concurrency"),
        QT_TRANSLATE_NOOP("SettingsDialog", "REST requests in flight at once."),
    ),
    "context_paragraphs": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Context paragraphs"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Neighbours sent around each batch."),
    ),
    "connect_timeout": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Connect timeout (s)"),
        "",
    ),
    "request_timeout": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Request timeout (s)"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Total time one request may take."),
    ),
    "no_progress_timeout": (
        QT_TRANSLATE_NOOP("SettingsDialog", "No-progress timeout (s)"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Silence after which a server counts as hung."),
    ),
    "max_retries": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Max retries"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Retries of a failed request (retryable errors only)."),
    ),
    "pool_size": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Realtime sessions"),
        QT_TRANSLATE_NOOP("SettingsDialog", "WebSocket sessions in the pool."),
    ),
    "inflight_per_session": (
        QT_TRANSLATE_NOOP("SettingsDialog", "In-flight per session"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Responses in flight per session."),
    ),
    "breaker_consecutive": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Breaker: consecutive failures"),
        QT_TRANSLATE_NOOP("SettingsDialog",
                          "Hybrid: failures in a row that open a backend's breaker."),
    ),
    "breaker_failure_rate": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Breaker: failure rate"),
        QT_TRANSLATE_NOOP("SettingsDialog",
                          "Hybrid: failure share over the window that opens the breaker"
                          " (0-1)."),
    ),
    "breaker_window": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Breaker: window"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Requests in the sliding window."),
    ),
    "breaker_min_samples": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Breaker: minimum samples"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Fewest requests before the rate counts."),
    ),
    "breaker_cooldown": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Breaker: cool-down (s)"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Seconds open before one trial request."),
    ),
    "hedging": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Hedging"),
        QT_TRANSLATE_NOOP("SettingsDialog",
                          "Hybrid: also ask the other backend when the first is slower "
                          "than its recent p95."),
    ),
    "hedge_budget": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Hedge budget"),
        QT_TRANSLATE_NOOP("SettingsDialog", "Share of requests that may be hedged (0-1)."),
    ),
    "local_when_down": (
        QT_TRANSLATE_NOOP("SettingsDialog", "Local when both are down"),
        QT_TRANSLATE_NOOP("SettingsDialog",
                          "Hybrid: provisional Local answers when neither network "
                          "backend works."),
    ),
}
WRITER = ("base_url", "model", "realtime_model", "demo", "language")
HIDDEN = {"last_method"}
METHODS = {
    Method.LOCAL.value: QT_TRANSLATE_NOOP("SettingsDialog", "Local (offline, on this computer)"),
    Method.REST.value: QT_TRANSLATE_NOOP("SettingsDialog", "REST (Chat Completions)"),
    Method.REALTIME.value: QT_TRANSLATE_NOOP("SettingsDialog", "Realtime (WebSocket)"),
    Method.HYBRID.value: QT_TRANSLATE_NOOP("SettingsDialog",
                                           "Hybrid (Realtime, falls back to REST)"),
}
STEPS = {"models": QT_TRANSLATE_NOOP("SettingsDialog", "models"),
         "chat": QT_TRANSLATE_NOOP("SettingsDialog", "chat"),
         "realtime": QT_TRANSLATE_NOOP("SettingsDialog", "realtime")}
LANGUAGES = {"": QT_TRANSLATE_NOOP("SettingsDialog", "System language"), "en": "English",
             "ru": "Русский"}


def _t(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text) if text else ""


class SettingsDialog(QDialog):
    """Edits a copy of the settings; read `result_settings()` and `new_api_key()` on accept."""

    def __init__(self, settings: Settings, parent: QWidget | None = None,
                 corrections=None) -> None:
        """`corrections`: the window's WriterCorrections (offers "Clear my corrections")."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("DraftLens settings"))
        self.setObjectName("settings_dialog")
        self._base = settings
        self.editors: dict[str, QWidget] = {}
        self.check_task: asyncio.Task | None = None
        self.report = None
        self.tabs = QTabWidget()
        first = QWidget()
        first_layout = QVBoxLayout(first)
        first_layout.addWidget(self._writer_box(settings))
        first_layout.addWidget(self._connection_box())
        if corrections is not None:
            from gui.shell.corrections import ClearCorrectionsRow

            self.clear_corrections = ClearCorrectionsRow(corrections)
            first_layout.addWidget(self.clear_corrections)
        first_layout.addStretch(1)
        self.tabs.addTab(first, self.tr("Analysis"))
        self.advanced = self._advanced_box(settings)
        self.tabs.addTab(self.advanced, self.tr("Advanced"))
        self.tabs.setTabToolTip(1, self.tr("Batching, concurrency, timeouts, circuit breaker and "
                                           "hedging: for power users"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(lambda _code: self._cancel_check())
        self.setMinimumWidth(620)

    # ---- sections ----------------------------------------------------------------------
    def _writer_box(self, settings: Settings) -> QGroupBox:
        box = QGroupBox()
        box.setFlat(True)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.method = QComboBox()
        self.method.setObjectName("method")
        for value, label in METHODS.items():
            self.method.addItem(_t(label), value)
        self.method.setCurrentIndex(max(self.method.findData(settings.last_method), 0))
        form.addRow(self.tr("Method"), self.method)
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setObjectName("api_key")
        has_key = bool(get_api_key())
        self.api_key.setPlaceholderText(
            self.tr("A key is stored (type to replace)") if has_key
            else self.tr("sk-… (kept in the system keyring)"))
        self.api_key.setToolTip(self.tr("Kept in the system keyring (or $OPENAI_API_KEY), "
                                        "never in the settings file."))
        form.addRow(self.tr("API key"), self.api_key)
        for name in WRITER:
            form.addRow(self._label(name), self._make_editor(name, settings))
            if name == "demo":
                form.addRow("", self._demo_note())
        return box

    def _demo_note(self) -> WrappedLabel:
        demo_note = WrappedLabel(self.tr(
            "Demo mode: REST, Realtime and Hybrid talk to a small server on this computer that "
            "answers like OpenAI, so you can try them offline, without a key (answers come from "
            "the Local analyser)."))
        demo_note.setObjectName("demo_note")
        demo_note.setStyleSheet("color: palette(placeholder-text);")
        return demo_note

    def _connection_box(self) -> QWidget:
        row = QWidget()
        lay = QVBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.test_btn = QPushButton(self.tr("Test connection"))
        self.test_btn.setObjectName("test_connection")
        self.test_btn.setToolTip(self.tr("Ask the server for its models, try the chat model "
                                         "and open a Realtime session (takes a few seconds)"))
        self.test_btn.clicked.connect(self.test_connection)
        top.addWidget(self.test_btn)
        top.addStretch(1)
        lay.addLayout(top)
        self.check_result = WrappedLabel()
        self.check_result.setObjectName("check_result")
        self.check_result.setWordWrap(True)
        self.check_result.setTextFormat(Qt.TextFormat.RichText)
        self.check_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.check_result)
        return row

    def _advanced_box(self, settings: Settings) -> QWidget:
        """Every other setting, in two columns so the dialog fits a small screen."""
        box = QWidget()
        row = QHBoxLayout(box)
        names = [f.name for f in fields(Settings) if f.name not in HIDDEN | set(WRITER)]
        half = (len(names) + 1) // 2
        for part in (names[:half], names[half:]):
            form = QFormLayout()
            for name in part:
                form.addRow(self._label(name), self._make_editor(name, settings))
            row.addLayout(form, 1)
        return box

    def _label(self, name: str) -> str:
        label = LABELS.get(name, (name.replace("_", " ").capitalize(), ""))[0]
        return _t(label)

    def _make_editor(self, name: str, settings: Settings) -> QWidget:
        value = getattr(settings, name)
        if name in ("model", "realtime_model"):
            editor: QWidget = QComboBox()
            editor.setEditable(True)
            editor.addItem(value)
            editor.setCurrentText(value)
            editor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        elif name == "language":
            editor = QComboBox()
            for code, label in LANGUAGES.items():
                editor.addItem(_t(label) if code == "" else label, code)
            editor.setCurrentIndex(max(editor.findData(value), 0))
        else:
            editor = self._editor(value)
            if name == "demo":
                editor.setText(self.tr("Try the network methods offline"))
        if name == "base_url":
            editor.setPlaceholderText("https://api.openai.com/v1")
        editor.setObjectName(name)
        editor.setToolTip(_t(LABELS.get(name, ("", ""))[1]))
        self.editors[name] = editor
        return editor

    @staticmethod
    def _editor(value: object) -> QWidget:
        if isinstance(value, bool):
            box = QCheckBox()
            box.setChecked(value)
            return box
        if isinstance(value, int):
            spin = QSpinBox()
            spin.setRange(0, 10_000)
            spin.setValue(value)
            return spin
        if isinstance(value, float):
            dspin = QDoubleSpinBox()
            dspin.setRange(0.0, 3600.0)
            dspin.setDecimals(2)
            dspin.setValue(value)
            return dspin
        return QLineEdit(str(value))

    # ---- results -----------------------------------------------------------------------
    def result_settings(self) -> Settings:
        """The edited settings."""
        values: dict[str, object] = {"last_method": self.method.currentData()}
        for name, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                values[name] = editor.isChecked()
            elif isinstance(editor, QSpinBox | QDoubleSpinBox):
                values[name] = editor.value()
            elif isinstance(editor, QComboBox):
                data = editor.currentData() if not editor.isEditable() else None
                values[name] = data if data is not None else editor.currentText().strip()
            else:
                values[name] = editor.text().strip()
        return replace(self._base, **values)

    def new_api_key(self) -> str | None:
        """The key typed by the user, or None when the field was left empty."""
        key = self.api_key.text().strip()
        return key or None

    # ---- connection check --------------------------------------------------------------
    def test_connection(self) -> asyncio.Task | None:
        """Start the check on the running asyncio loop (never blocks); results show below."""
        self._cancel_check()
        self.test_btn.setEnabled(False)
        self.check_result.setText(self.tr("Checking…"))
        self.check_task = asyncio.ensure_future(self._run_check())
        return self.check_task

    async def _run_check(self) -> None:
        try:
            from core.backends.check import check_server

            settings = self.result_settings()
            key = self.new_api_key() or get_api_key()
            if settings.demo:  # demo mode talks to the built-in server: check that one
                from core.emulator.demo import DEMO_KEY, demo_base_url

                settings = replace(settings, base_url=await demo_base_url())
                key = DEMO_KEY
            report = await check_server(settings, key)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the check must never break the dialog
            failed = self.tr("The check failed:")
            self.check_result.setText(f'<span style="color:#D55E00">{html.escape(failed)} '
                                      f"{html.escape(str(exc))}</span>")
        else:
            self.show_report(report)
        finally:
            self.test_btn.setEnabled(True)

    def show_report(self, report) -> None:
        """List each step (✓/✗, detail, time); offer the server's models in the model lists."""
        self.report = report
        lines = []
        for step in report.steps:
            mark = "✓" if step.ok else "✗"
            color = "#009E73" if step.ok else "#D55E00"
            unit = self.tr("ms")
            ms = f" · {locale_number(step.ms)} {unit}" if step.ms is not None else ""
            name = html.escape(_t(STEPS.get(step.name, step.name)))
            lines.append(f'<span style="color:{color}">{mark}</span> <b>{name}</b> — '
                         f"{html.escape(check_detail(step.detail))}{ms}")
        verdict = self.tr("The server works with DraftLens.") if report.ok \
            else self.tr("Something does not work yet: see the steps above.")
        self.check_result.setText("<br>".join([*lines, f"<i>{html.escape(verdict)}</i>"]))
        QTimer.singleShot(0, self, self.grow_to_fit)  # the report must not squash the notes
        if report.models:
            for name in ("model", "realtime_model"):
                self._offer_models(self.editors[name], report.models)

    def grow_to_fit(self) -> None:
        """Grow to the content's height (word-wrapped notes whole), within the screen."""
        layout = self.layout()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else self.sizeHint().height()
        screen = self.screen()
        most = screen.availableGeometry().height() - 60 if screen else need
        if need > self.height():
            self.resize(self.width(), min(need, most))

    @staticmethod
    def _offer_models(combo: QComboBox, models: list[str]) -> None:
        current = combo.currentText()
        combo.clear()
        combo.addItems(sorted(set(models) | ({current} if current else set())))
        combo.setCurrentText(current)

    def _cancel_check(self) -> None:
        if self.check_task is not None and not self.check_task.done():
            self.check_task.cancel()
