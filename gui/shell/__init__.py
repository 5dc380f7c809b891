"""The application shell: start-up (`app`, `platform_check`), the main window that assembles the
editor, panels, file safety and run loop (`main_window`), its menus and file/export actions
(`actions`, `window` builds a window with them), the method switcher, the Settings dialog and Help.
May import every gui room except `gui.measure`.
"""
