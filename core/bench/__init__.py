"""Benchmarks and measuring scripts (they print numbers; nothing here is asserted by a timed test).

`methods` is `draftlens bench` (every method on labeled drafts, side by side, under faults), `local`
is `draftlens bench-local`, `rest` and `realtime` measure client overhead and pool settings
(`python -m core.bench.rest`, `python -m core.bench.realtime`), `netcheck` runs SIGSTOP and
dropped-socket experiments (`python -m core.bench.netcheck`); `common` holds what they share.
The pipeline never imports this package.
"""
