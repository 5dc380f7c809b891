"""File safety: opening and saving drafts atomically (`disk_file`), noticing edits made outside the
app (`disk_watch`), autosave and recovery after a crash (`autosave`), and the topic remembered per
file (`topics`). May import `core` and `gui.common` only; dialogs that ask the writer live in
`gui.shell.actions`.
"""
