"""The draft editor: the text widget (`draft_editor`), role highlighting of its paragraphs
(`highlighter`) and the sliced re-highlight that keeps a 5,000-paragraph draft responsive
(`sliced_rehighlight`). May import `core` and `gui.common` only.
"""
