"""Measuring tools, run from the command line, never imported by the app: `bench_gui` (Analyze to
first colour, stalls), `bench_doc_map`, `bench_autosave`, `bench_charts` (PNG charts for
`draftlens bench`), `soak` (hours of editing and analysis) and `screenshots` (the README images).
May import anything in gui and core.
"""
