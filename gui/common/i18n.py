"""Interface language: Qt translators for DraftLens and Qt's own dialogs; role texts.

The language is `Settings.language` ("en", "ru") or, when empty, the system locale. DraftLens'
strings come from `resources/i18n/draftlens_<lang>.qm` (compiled from the `.ts` sources with
`pyside6-lrelease`, see docs/ui.md); Qt's own dialogs from `qtbase_<lang>.qm` in Qt's
translations folder.
"""

from __future__ import annotations

import re
from importlib import resources as ilr

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

from core.models import Method
from core.output.messages import plural_index
from core.roles import BY_ID, Role

SUPPORTED = ("en", "ru")
translate = QCoreApplication.translate
_state = {"lang": "en"}
_translators: list[QTranslator] = []
_LOCALES = {"en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
            "ru": QLocale(QLocale.Language.Russian, QLocale.Country.Russia)}

# Role meanings (core.roles keeps them in English); role names come from the roles table.
ROLE_MEANINGS = (
    QT_TRANSLATE_NOOP("Roles", "develops, expands or continues the main topic"),
    QT_TRANSLATE_NOOP("Roles", "illustrates the topic with a concrete case, analogue or everyday "
                               "situation"),
    QT_TRANSLATE_NOOP("Roles", "a meaningful departure: cultural, philosophical or emotional "
                               "reflection"),
    QT_TRANSLATE_NOOP("Roles", "a concise statement of the central idea or main conclusion"),
    QT_TRANSLATE_NOOP("Roles", "unrelated to the topic, adds no value"),
    QT_TRANSLATE_NOOP("Roles", "figurative expression, comparison, allegory"),
    QT_TRANSLATE_NOOP("Roles", "meant to amuse; irony, sarcasm"),
    QT_TRANSLATE_NOOP("Roles", "a bridge between parts of the text"),
    QT_TRANSLATE_NOOP("Roles", "an explicit or implicit switch to another topic"),
    QT_TRANSLATE_NOOP("Roles", "stresses a difference, opposition or conflict of ideas"),
)

# Strings of Qt's own file dialog that qtbase_ru.qm (as shipped with PySide6) lacks: Qt 6 added
# the "&" accelerators and the old translations no longer match. Translated in our .ts; Qt's
# translator is asked first, ours fills the gaps.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def pick_language(setting: str, locale: QLocale | None = None) -> str:
    """The interface language: the setting when supported, else the system locale's."""
    if setting in SUPPORTED:
        return setting
    locale = locale or QLocale.system()
    return "ru" if locale.language() == QLocale.Language.Russian else "en"


def install(app: QCoreApplication, setting: str = "") -> str:
    """Load the translators for the chosen language into `app`; return the language."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    lang = pick_language(setting)
    _state["lang"] = lang
    QLocale.setDefault(_LOCALES[lang] if setting in SUPPORTED else QLocale.system())
    if lang == "en":
        return lang
    ours = QTranslator(app)
    qm = ilr.files("resources").joinpath("i18n", f"draftlens_{lang}.qm")
    if ours.load(str(qm)):
        _translators.append(ours)
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{lang}", qt_dir):
        _translators.append(qt)
    for t in _translators:
        app.installTranslator(t)
    return lang


def language() -> str:
    """The interface language currently installed ("en" or "ru")."""
    return _state["lang"]


def role_label(role_id: str) -> str:
    """A role's name in the interface language (the roles table's Russian label in Russian)."""
    role: Role | None = BY_ID.get(role_id)
    if role is None:
        return role_id
    return role.ru if language() == "ru" else role.en


def role_meaning(role_id: str) -> str:
    """A role's one-line meaning, translated."""
    role = BY_ID.get(role_id)
    return QCoreApplication.translate("Roles", role.meaning) if role else ""


def fill(template: str, *values: object) -> str:
    """Qt-style %1, %2 ... placeholders filled in one pass (a value holding "%2" stays as is)."""
    def value(m: re.Match) -> str:
        i = int(m.group(1))
        return str(values[i - 1]) if 1 <= i <= len(values) else m.group(0)
    return re.sub(r"%(\d)", value, template)


def plural(n: int, one: str, few: str, many: str) -> str:
    """`n` with the right noun form: English uses one/many; Russian one/few/many.

    Callers pass already translated forms, e.g. plural(n, tr("paragraph"), tr("paragraphs*"), ...).
    """
    form = (one, few, many)[plural_index(n, language())]
    return f"{n} {form}"


def paragraphs(n: int) -> str:
    """'1 paragraph', '3 paragraphs' ('1 абзац', '3 абзаца', '5 абзацев')."""
    return plural(n, translate("Plural", "paragraph"), translate("Plural", "paragraphs (2-4)"),
                  translate("Plural", "paragraphs"))


def words(n: int) -> str:
    """'1 word', '3 words' ('1 слово', '3 слова', '5 слов')."""
    return plural(n, translate("Plural", "word"), translate("Plural", "words (2-4)"),
                  translate("Plural", "words"))


# Messages that core (which has no Qt) writes in English, matched and shown translated.
CORE_MESSAGES = (
    (re.compile(r"The (\w+) method needs an OpenAI API key: set OPENAI_API_KEY or enter it in "
                r"Settings \(or turn on demo mode to use the built-in local server\)\."),
     QT_TRANSLATE_NOOP("CoreMessages", "The %1 method needs an OpenAI API key: set "
                       "OPENAI_API_KEY or enter it in Settings (or turn on demo mode to use the "
                       "built-in local server).")),
    (re.compile(r"The (\w+) method is not available yet in this version\."),
     QT_TRANSLATE_NOOP("CoreMessages", "The %1 method is not available yet in this version.")),
    (re.compile(r"The draft is empty: there is nothing to analyse\."),
     QT_TRANSLATE_NOOP("CoreMessages", "The draft is empty: there is nothing to analyse.")),
)


def core_text(text: str | None) -> str | None:
    """A known English message from core in the interface language (others unchanged)."""
    if not text:
        return text
    for pattern, template in CORE_MESSAGES:
        m = pattern.fullmatch(text)
        if m:
            out = translate("CoreMessages", template)
            if not m.groups():
                return out
            return out.replace("%1", method_label(m.group(1)))  # "rest" -> "REST"
    return text


METHOD_LABELS = {  # a method's name, translated where shown
    Method.LOCAL: QT_TRANSLATE_NOOP("MethodSwitcher", "Local"),
    Method.REST: "REST",
    Method.REALTIME: "Realtime",
    Method.HYBRID: QT_TRANSLATE_NOOP("MethodSwitcher", "Hybrid"),
}


def method_label(method: str) -> str:
    """A method's name in the interface language."""
    return QCoreApplication.translate("MethodSwitcher", METHOD_LABELS.get(method, method))
