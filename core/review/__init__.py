"""Draft review: what the roles mean for the draft as a whole (plain Python, no Qt).

`findings.review` turns a draft's paragraphs and their verdicts into findings about its shape
(thesis, ending, off-topic runs, digression share, disclosure without examples, dangling
transitions, repeats), worded by `texts` in Russian or English; `norms` holds the per-genre
shares the digression rule compares against. `compare` measures how two methods agree, and
`history` keeps each analysis of a saved file so a revision can be compared with the last one.
Imports only core's plain data (`core.models`, `core.roles`).
"""
