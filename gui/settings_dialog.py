"""The settings dialog, generated from the Settings dataclass; the API key goes to the keyring."""

from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.settings import Settings, get_api_key

LABELS = {
    "base_url": ("Base URL", "Empty: $OPENAI_BASE_URL, else OpenAI. Any OpenAI-compatible "
                             "server works (Ollama, LM Studio, llama.cpp, vLLM)."),
    "model": ("REST model", "Chat Completions model name."),
    "realtime_model": ("Realtime model", "Realtime API model name."),
    "batch_size": ("Batch size", "Consecutive paragraphs per REST request."),
    "concurrency": ("Concurrency", "REST requests in flight at once."),
    "context_paragraphs": ("Context paragraphs", "Neighbours sent around each batch."),
    "connect_timeout": ("Connect timeout (s)", ""),
    "request_timeout": ("Request timeout (s)", ""),
    "max_retries": ("Max retries", "Retries of a failed request (retryable errors only)."),
    "pool_size": ("Realtime sessions", "WebSocket sessions in the pool."),
    "inflight_per_session": ("In-flight per session", "Responses in flight per session."),
    "demo": ("Demo mode", "REST/Realtime/Hybrid talk to a local emulator: no key, offline."),
}
HIDDEN = {"last_method"}


class SettingsDialog(QDialog):
    """Edits a copy of the settings; read `result_settings()` and `new_api_key()` on accept."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("DraftLens settings")
        self._base = settings
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout()
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setObjectName("api_key")
        has_key = bool(get_api_key())
        self.api_key.setPlaceholderText(
            "A key is stored (type to replace)" if has_key else "sk-… (stored in the OS keyring)")
        form.addRow("API key", self.api_key)
        for f in fields(Settings):
            if f.name in HIDDEN:
                continue
            label, tip = LABELS.get(f.name, (f.name.replace("_", " ").capitalize(), ""))
            editor = self._editor(getattr(settings, f.name))
            editor.setObjectName(f.name)
            editor.setToolTip(tip)
            self.editors[f.name] = editor
            form.addRow(label, editor)
        note = QLabel("The API key is kept in the system keyring (or $OPENAI_API_KEY), "
                      "never in the settings file.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

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
            dspin.setRange(0.1, 3600.0)
            dspin.setDecimals(1)
            dspin.setValue(value)
            return dspin
        line = QLineEdit(str(value))
        return line

    def result_settings(self) -> Settings:
        """The edited settings."""
        values = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                values[name] = editor.isChecked()
            elif isinstance(editor, QSpinBox | QDoubleSpinBox):
                values[name] = editor.value()
            else:
                values[name] = editor.text().strip()
        return replace(self._base, **values)

    def new_api_key(self) -> str | None:
        """The key typed by the user, or None when the field was left empty."""
        key = self.api_key.text().strip()
        return key or None
