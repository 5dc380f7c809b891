"""What every room of the GUI shares: the draft's per-paragraph state (`draft_state`), role colours
and formats (`role_style`), translation helpers (`i18n`), asyncio/qasync helpers (`aio`), and the
small timing helpers (`throttle`, `gc_pause`). May import `core` and Qt only, never another gui
room.
"""
