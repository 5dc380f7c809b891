"""The desktop application (PySide6). Everything Qt lives here; `core` never imports it.

Rooms: `common/` (what every room may use: draft state, role colours, translation, async and
timing helpers), `editor/` (the text editor and its role highlighting), `panels/` (the side
panels: legend, paragraph details, document map, performance), `files/` (file safety: open/save,
external-change watch, autosave and recovery, remembered topics), `analysis/` (the run loop that
streams results into the window), `shell/` (the window that assembles them: app start, main
window, menus, dialogs, help) and `measure/` (benchmarks, soak, screenshots: never imported by
the app). `launcher.py` is the `draftlens` command and the only module that may import both the
shell and the measuring tools. docs/architecture.md draws the rules.
"""
