"""What a finished analysis becomes for a reader: reports (`report`: Markdown, HTML, JSON, CSV)
and the aligned text table of `draftlens analyze --format table` (`table`). Plain Python, no Qt.
"""
