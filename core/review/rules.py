"""The review rules: each reads the verdicts and returns the hits it finds.

A Hit names its rule, severity, the paragraphs it is about, the values its words need, and the
paragraphs whose verdicts it rests on (so the finding can say when those are uncertain).
Thresholds are module constants, tuned on the labeled corpora and the real samples.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.review.norms import OFF_TOPIC_ROLES, norm_for, off_topic_share
from core.review.repeats import repeated_groups
from core.review.verdicts import Verdict

MIN_PARAGRAPHS = 6       # shape rules need a draft of at least this many analysed paragraphs
LATE_SHARE = 2 / 3       # "the last third"
ENDING_SHARE = 0.15      # the ending: the last 15 % of the paragraphs, 2 to 4 of them
DRIFT_ROLES = frozenset({"noise", "topic_change"})
LOW_RELEVANCE = 0.15     # a paragraph this far from the topic drifts, whatever its role ...
LOW_RELEVANCE_TOPICAL = 0.1   # ... one with a topical role only this far (relevance by meaning
                              # says when a disclosure was carried in from another text)
TOPICAL_ROLES = frozenset({"key_thesis", "topic_disclosure", "example", "transition"})
DRIFT_MIN_RUN = 3        # consecutive drifting paragraphs that make a finding
DRIFT_MIN_CHARS = 300    # ... and at least this much text (a sign-off block is not a drift)
EXAMPLE_ROLES = frozenset({"example", "metaphor"})
DISCLOSURE_MIN = 6       # disclosure paragraphs without an example between them
DISCLOSURE_MIN_CHARS = 1500
HEADING_MAX_CHARS = 60
ANSWERED_SHARE = 0.9     # the share rule waits until this much of the draft has answers
CONCLUDING_ROLES = frozenset({"topic_disclosure", "contrast", "example", "metaphor"})
LIST_ITEM = re.compile(r"\s*(?:[-*•]|\d+[.)])\s")
EXAMPLE_CUE = re.compile(r"\b(?:for example|for instance|e\.g\.|say you|imagine)\b|"
                         r"например|к примеру|представь|допустим", re.IGNORECASE)
TEASER = re.compile(r"next (?:time|post|week|month|issue|part)|stay tuned|to be continued|"
                    r"в следующ|до следующ|продолжение следует|далі буде|в другой раз",
                    re.IGNORECASE)


@dataclass
class Hit:
    """What one rule found."""

    id: str
    severity: str
    paragraphs: list[int]
    values: dict[str, object] = field(default_factory=dict)
    basis: list[int] = field(default_factory=list)  # whose verdicts it rests on (default: all)


Rule = Callable[[Sequence[Verdict], str | None], list[Hit]]


def _answered(verdicts: Sequence[Verdict]) -> list[Verdict]:
    return [v for v in verdicts if v.roles]


def _heading_like(v: Verdict) -> bool:
    t = v.text.strip()
    return v.kind == "heading" or t.startswith("#") or (len(t) <= HEADING_MAX_CHARS
                                                        and t.endswith(":"))


def _list_item(v: Verdict) -> bool:
    return v.kind == "list" or bool(LIST_ITEM.match(v.text))


def no_key_thesis(verdicts: Sequence[Verdict], genre: str | None) -> list[Hit]:
    done = _answered(verdicts)
    if len(done) < MIN_PARAGRAPHS or any("key_thesis" in v.roles for v in done):
        return []
    if len(done) < len(verdicts):
        return []  # an unanswered paragraph may be the thesis
    return [Hit("no_key_thesis", "warning", [], basis=[v.index for v in done])]


def thesis_late(verdicts: Sequence[Verdict], genre: str | None) -> list[Hit]:
    done = _answered(verdicts)
    theses = [v.index for v in done if "key_thesis" in v.roles]
    if len(done) < MIN_PARAGRAPHS or not theses or genre == "fiction":
        return []  # a story may well save its point for the end
    if theses[0] < math.ceil(len(verdicts) * LATE_SHARE):
        return []
    if any(not v.roles for v in verdicts[:theses[0]]):
        return []  # an unanswered earlier paragraph may state it
    return [Hit("thesis_late", "info", theses, basis=theses)]


def _strip_end_matter(done: list[Verdict]) -> list[Verdict]:
    while done and (done[-1].primary == "noise" or _heading_like(done[-1]) or (
            done[-1].primary == "transition" and TEASER.search(done[-1].text))):
        done = done[:-1]
    return done


def _ending(done: list[Verdict]) -> list[Verdict]:
    """The last paragraphs before the end matter (sign-offs, hashtags, a P.S. on another topic)."""
    done = _strip_end_matter(done)
    tail = len(done) - 3
    changes = [k for k in range(max(tail, 0), len(done)) if done[k].primary == "topic_change"]
    if changes:
        done = _strip_end_matter(done[:changes[0]])
    size = min(4, max(2, round(len(done) * ENDING_SHARE)))
    return done[-size:]


def no_conclusion(verdicts: Sequence[Verdict], genre: str | None) -> list[Hit]:
    """The ending neither states a thesis nor comes back to the topic: it trails off in
    digressions or bridges (a closing joke is a close). An essay's ending must state a thesis;
    a story may end as it likes."""
    done = _answered(verdicts)
    if len(done) < MIN_PARAGRAPHS or genre == "fiction":
        return []
    ending = _ending(done)
    if not ending or any(not v.roles for v in verdicts[ending[0].index:]):
        return []  # part of the ending has no answer yet
    if any("key_thesis" in v.roles for v in ending):
        return []
    if genre != "essay" and (ending[-1].primary == "humor" or any(
            r in CONCLUDING_ROLES for v in ending for r in v.roles)):
        return []
    where = [v.index for v in ending]
    return [Hit("no_conclusion", "info", where, basis=where)]


def _drifts(v: Verdict) -> bool:
    if v.primary in DRIFT_ROLES:
        return True
    low = LOW_RELEVANCE_TOPICAL if v.primary in TOPICAL_ROLES else LOW_RELEVANCE
    return v.relevance is not None and v.relevance < low


def off_topic_runs(verdicts: Sequence[Verdict], genre: str | None) -> list[Hit]:
    hits: list[Hit] = []
    run: list[Verdict] = []
    for v in [*verdicts, Verdict(-1, "")]:
        if v.roles and _drifts(v):
            run.append(v)
            continue
        if v.index == -1 and sum(r.primary in DRIFT_ROLES for r in run) * 2 >= len(run):
            run = []  # a footer of links, a P.S. and sign-offs is end matter, not a drift
        if len(run) >= DRIFT_MIN_RUN and sum(len(r.text) for r in run) >= DRIFT_MIN_CHARS:
            where = [r.index for r in run]
            hits.append(Hit("off_topic_run", "warning", where, {"count": len(run)}, where))
        run = []
    return hits


def off_topic_share_high(verdicts: Sequence[Verdict], genre: str | None) -> list[Hit]:
    done = _answered(verdicts)
    if len(done) < max(MIN_PARAGRAPHS, ANSWERED_SHARE * len(verdicts)):
        return []
    share = off_topic_share((v.text for v in done), (v.primary for v in done))
    key, norm = norm_for(genre)
    if share <= norm.threshold:
        return []
    off = [v.index for v in done if v.primary in OFF_TOPIC_ROLES]
    values = {"share": f"{share:.0%}", "typical": f"{norm.median:.0%}",
              "highest": f"{norm.highest:.0%}", "genre_key": key,
              "threshold": f"{norm.threshold:.0%}"}
    return [Hit("off_topic_share", "warning", off, values, off)]


def disclosure_without_example(verdicts: Sequence[Verdict], genre: str | None) -> list[Hit]:
    hits: list[Hit] = []
    stretch: list[Verdict] = []
    for v in [*verdicts, Verdict(-1, "", ("example",))]:
        disclosure = v.primary == "topic_disclosure" and not _list_item(v)
        if v.primary == "topic_change" or any(r in EXAMPLE_ROLES for r in v.roles) or (
                v.roles and _heading_like(v)) or (disclosure and EXAMPLE_CUE.search(v.text)):
            if (len(stretch) >= DISCLOSURE_MIN
                    and sum(len(s.text) for s in stretch) >= DISCLOSURE_MIN_CHARS):
                where = [s.index for s in stretch]
                hits.append(Hit("disclosure_without_example", "info",
                                list(range(where[0], where[-1] + 1)),
                                {"count": len(stretch)}, where))
            stretch = []
        elif disclosure:
            stretch.append(v)
    return hits


def dangling_transitions(verdicts: Sequence[Verdict], genre: str | None) -> list[Hit]:
    """A bridge straight into a change of topic, or a draft that ends on a bridge (a teaser
    for the next post is fine)."""
    done = _answered(verdicts)
    hits: list[Hit] = []
    for k, v in enumerate(done):
        if v.primary != "transition" or "topic_change" in v.roles or _heading_like(v):
            continue
        nxt = done[k + 1] if k + 1 < len(done) else None
        if nxt is not None and nxt.index == v.index + 1 and nxt.primary == "topic_change":
            hits.append(Hit("dangling_transition", "info", [v.index],
                            {"reason": "topic_change"}, [v.index, nxt.index]))
        elif (len(done) >= MIN_PARAGRAPHS and not TEASER.search(v.text) and genre != "fiction"
              and all(w.primary == "noise" for w in done[k + 1:])):
            hits.append(Hit("dangling_transition", "info", [v.index], {"reason": "end"},
                            [v.index]))
    return hits


def repeated_paragraphs(verdicts: Sequence[Verdict], genre: str | None) -> list[Hit]:
    return [Hit("repeated_paragraphs", "warning", g, basis=[]) for g in
            repeated_groups([v.text for v in verdicts])]


RULES: tuple[Rule, ...] = (no_key_thesis, thesis_late, no_conclusion, off_topic_runs,
                           off_topic_share_high, disclosure_without_example,
                           dangling_transitions, repeated_paragraphs)
