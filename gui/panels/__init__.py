"""The side panels around the editor: the role legend (`legend`), paragraph details (`details`),
the document map (`doc_map`, with split bands where two methods disagree), the review's
`findings`, and the Performance panel (`performance`: the latency `chart`, the
`event_log` and the backends' `health_chips`). May import `core` and `gui.common` only.
"""
