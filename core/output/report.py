"""Analysis reports as Markdown, HTML, JSON and CSV (pure Python, no Qt).

Build a Report from the chunks of a document and the results known for them, then render it
with one of the writers. Unanalysed chunks are included with an empty role list.
"""

from __future__ import annotations

import csv
import html
import io
import json
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from core.models import ChunkResult, Document
from core.output.messages import number, paragraphs, role_name, words
from core.review.findings import Finding, review_results
from core.roles import ROLES

ROLE_COLORS: dict[str, str] = {  # Paul Tol "muted" + pale grey: safe for colour-vision deficiencies
    "topic_disclosure": "#44AA99", "example": "#DDCC77", "lyrical_digression": "#AA4499",
    "key_thesis": "#CC6677", "noise": "#BBBBBB", "metaphor": "#88CCEE", "humor": "#999933",
    "transition": "#332288", "topic_change": "#117733", "contrast": "#882255",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # OWASP "CSV injection"
CSV_FIELDS = ("index", "primary_role", "roles", "backend", "model", "latency_ms", "relevance",
              "complexity", "provisional", "cached", "error", "text")


@dataclass
class Row:
    """One paragraph of the report."""

    index: int
    text: str
    roles: list[str] = field(default_factory=list)
    backend: str = ""
    model: str = ""
    latency_ms: float | None = None
    relevance: float | None = None
    complexity: float | None = None
    provisional: bool = False
    cached: bool = False
    error: str | None = None

    @property
    def primary(self) -> str:
        return self.roles[0] if self.roles else ""


@dataclass
class RoleSummary:
    role: str
    label: str
    count: int
    share: float  # fraction of the draft's paragraph characters, 0..1


@dataclass
class Report:
    title: str
    topic: str
    method: str
    created: str
    rows: list[Row]
    summary: list[RoleSummary]
    findings: list[Finding] = field(default_factory=list)
    lang: str = "en"  # the language of the words (core/output/messages.py)


def build_report(doc: Document, results: Mapping[int, ChunkResult | None], title: str = "",
                 method: str = "", lang: str = "en") -> Report:
    """A report of `doc` in `lang`; `results` maps chunk index -> its result (or None)."""
    rows = [_row(c.index, c.text, results.get(c.index)) for c in doc.chunks]
    total = sum(len(r.text) for r in rows) or 1
    summary = []
    for role in ROLES:
        mine = [r for r in rows if r.primary == role.id]
        if mine:
            share = sum(len(r.text) for r in mine) / total
            summary.append(RoleSummary(role.id, role_name(role.id, lang), len(mine),
                                       round(share, 4)))
    created = time.strftime("%Y-%m-%d %H:%M")
    findings = review_results([c.text for c in doc.chunks], results, lang=lang,
                              kinds=[c.kind for c in doc.chunks])
    return Report(title or doc.topic, doc.topic, method, created, rows, summary, findings,
                  lang)


def _row(index: int, text: str, r: ChunkResult | None) -> Row:
    if r is None:
        return Row(index, text)
    latency = r.latency_ms
    return Row(index, text, list(r.roles), r.backend, r.model,
               None if latency is None else round(latency, 2), r.relevance, r.complexity,
               r.provisional, r.cached, r.error)


def _roles(report: Report, r: Row, error_prefix: str = "") -> str:
    """The row's role names in the report's language, else "error" / "not analysed"."""
    t = words(report.lang)
    if r.roles:
        return ", ".join(role_name(x, report.lang) for x in r.roles)
    return t("error") + error_prefix if r.error else t("not analysed")


def to_json(report: Report) -> str:
    """The whole report as pretty JSON."""
    return json.dumps(asdict(report), ensure_ascii=False, indent=2)


def to_csv(report: Report) -> str:
    """One line per paragraph; roles joined with ';' (ids in English; names, and a translated
    header, in another language)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    t = words(report.lang)
    writer.writerow({name: t(f"csv:{name}") for name in CSV_FIELDS})  # English: the names
    for r in report.rows:
        names = r.roles if report.lang == "en" else [role_name(x, report.lang) for x in r.roles]
        writer.writerow({
            "index": r.index, "primary_role": names[0] if names else "",
            "roles": ";".join(names),
            "backend": _inert(r.backend), "model": _inert(r.model),
            "latency_ms": "" if r.latency_ms is None else r.latency_ms,
            "relevance": "" if r.relevance is None else r.relevance,
            "complexity": "" if r.complexity is None else r.complexity,
            "provisional": int(r.provisional), "cached": int(r.cached),
            "error": _inert(r.error or ""), "text": _inert(r.text),
        })
    return out.getvalue()


def _inert(cell: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula (OWASP)."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def _md_text(text: str) -> str:
    """Draft text shown as text in Markdown: HTML and link brackets escaped."""
    text = html.escape(text, quote=False)
    return text.replace("[", "\\[").replace("]", "\\]")


def _md_cell(text: str) -> str:
    return _md_text(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """A summary table, then every paragraph as a quote headed by its roles."""
    t, lang = words(report.lang), report.lang
    lines = [f"# {_md_cell(report.title)}", "", f"- {t('Topic')}: {_md_cell(report.topic)}",
             f"- {t('Method')}: {_md_cell(t(report.method))}",
             f"- {t('Created')}: {report.created}", "",
             f"| {t('Role')} | {t('Paragraphs')} | {t('Share')} |",
             "|---|---:|---:|"]
    for s in report.summary:
        lines.append(f"| {_md_cell(s.label)} | {s.count} | {number(s.share * 100, 1, lang)}% |")
    lines += _md_findings(report.findings, lang)
    lines += ["", f"## {t('Paragraphs')}", ""]
    for r in report.rows:
        lines.append(f"### {r.index + 1}. {_roles(report, r)}")
        if r.error:
            lines.append(f"_{t('Error')}: {_md_cell(r.error)}_")
        lines.append("")
        lines += [f"> {line}" if line else ">" for line in _md_text(r.text).split("\n")]
        lines.append("")
    return "\n".join(lines)


def _md_findings(findings: list[Finding], lang: str = "en") -> list[str]:
    """The review's findings: one bullet each, with its paragraphs and suggestion."""
    if not findings:
        return []
    t = words(lang)
    lines = ["", f"## {t('Findings')}", ""]
    for f in findings:
        mark = f"**{t('warning')}**" if f.severity == "warning" else t("info")
        lines.append(f"- {mark} `{f.id}`: {_md_cell(f.message)} _{_md_cell(f.suggestion)}_")
    return lines


def html_findings(findings: list[Finding], lang: str = "en") -> str:
    """The review's findings as a list; each names its first paragraph as a link."""
    if not findings:
        return ""
    esc, t = html.escape, words(lang)
    items = []
    for f in findings:
        link = (f' <a href="#p{f.paragraphs[0]}">¶{f.paragraphs[0] + 1}</a>'
                if f.paragraphs else "")
        items.append(f'<li class="{f.severity}" data-id="{esc(f.id)}"><b>{esc(t(f.severity))}</b>'
                     f"{link}: {esc(f.message)} <i>{esc(f.suggestion)}</i></li>")
    return f'<h2>{esc(t("Findings"))}</h2><ul class="findings">{"".join(items)}</ul>'


def to_html(report: Report, colors: Mapping[str, str] | None = None) -> str:
    """A standalone page: legend with counts, paragraphs on their role colours."""
    colors = dict(ROLE_COLORS, **(colors or {}))
    esc, t = html.escape, words(report.lang)
    legend = "".join(
        f'<li><span class="sw" style="background:{colors.get(s.role, "#ccc")}"></span>'
        f"{esc(s.label)}: {s.count} ({number(s.share * 100, 1, report.lang)}%)</li>"
        for s in report.summary)
    paras = []
    for r in report.rows:
        color = colors.get(r.primary, "transparent")
        roles = _roles(report, r, ": " + (r.error or ""))
        body = esc(r.text).replace("\n", "<br>")
        paras.append(
            f'<p class="para" id="p{r.index}" data-index="{r.index}" '
            f'data-roles="{esc(";".join(r.roles))}" '
            f'style="border-left-color:{color};background:{color}33">'
            f'<span class="roles">{esc(roles)}</span>{body}</p>')
    return _HTML.format(title=esc(report.title), topic=esc(report.topic),
                        method=esc(t(report.method)), created=esc(report.created),
                        lang=report.lang, topic_word=t("Topic"), method_word=t("Method"),
                        legend=legend, paragraphs="\n".join(paras)).replace(
        _SHAPE_SLOT, html_findings(report.findings, report.lang) + svg_map(report, colors)
        + svg_shares(report, colors), 1)


_HTML = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 50em; margin: 2em auto; line-height: 1.5; }}
.para {{ border-left: 6px solid; padding: .4em .8em; border-radius: 3px; }}
.roles {{ display: block; font-size: .8em; opacity: .75; font-weight: bold; }}
.sw {{ display: inline-block; width: 1em; height: 1em; margin-right: .4em;
       vertical-align: middle; border: 1px solid #888; }}
ul.legend {{ list-style: none; padding: 0; columns: 2; }}
svg.map, svg.shares {{ display: block; width: 100%; margin: .5em 0 1em; }}
svg.map rect:hover {{ opacity: .7; }}
.para {{ scroll-margin-top: 1em; }}
</style></head><body>
<h1>{title}</h1>
<p>{topic_word}: <b>{topic}</b> · {method_word}: {method} · {created}</p>
<ul class="legend">{legend}</ul>
<!--draft-shape-->
{paragraphs}
</body></html>
"""


# ---- the draft's shape: a map of the paragraphs and a per-role share chart (inline SVG) ----
_SHAPE_SLOT = "<!--draft-shape-->"
_ERROR_COLOR = "#D55E00"
_NONE_COLOR = "#E4E4E4"
MAP_W, MAP_H = 1000, 48


def svg_map(report: Report, colors: Mapping[str, str] | None = None) -> str:
    """The draft as one strip: a band per paragraph, as wide as its share of the text, in its
    role colour, linking to the paragraph; the line is the relevance to the topic."""
    colors = dict(ROLE_COLORS, **(colors or {}))
    total = sum(max(len(r.text), 1) for r in report.rows)
    if not total or not report.rows:
        return ""
    bands, points, x = [], [], 0.0
    for r in report.rows:
        w = max(len(r.text), 1) / total * MAP_W
        fill = colors.get(r.primary) if r.primary else (_ERROR_COLOR if r.error else _NONE_COLOR)
        label = _roles(report, r)
        tip = html.escape(f"{r.index + 1}. {label}: {r.text[:80]}")
        bands.append(f'<a href="#p{r.index}"><rect x="{x:.2f}" y="0" width="{w:.2f}" '
                     f'height="{MAP_H}" fill="{fill}" stroke="#fff" stroke-width="1" '
                     f'vector-effect="non-scaling-stroke"><title>{tip}</title></rect></a>')
        if r.relevance is not None:
            y = MAP_H - 4 - (MAP_H - 8) * min(max(r.relevance, 0.0), 1.0)
            points.append(f"{x + w / 2:.2f},{y:.2f}")
        x += w
    t = words(report.lang)
    curve = (f'<polyline points="{" ".join(points)}" fill="none" stroke="#222" '
             f'stroke-width="1.5"><title>{t("relevance to the topic")}</title></polyline>'
             if len(points) > 1 else "")
    note = t("Each band is a paragraph, as wide as its share of the text, in its role colour "
             "(click to jump); the line is its relevance to the topic (higher is closer).")
    return (f'<h2>{t("Shape of the draft")}</h2><p class="note">{note}</p>'
            f'<svg class="map" viewBox="0 0 {MAP_W} {MAP_H}" preserveAspectRatio="none" '
            f'role="img" aria-label="{t("document map")}">{"".join(bands)}{curve}</svg>')


def svg_shares(report: Report, colors: Mapping[str, str] | None = None) -> str:
    """A bar per role: its share of the draft's text, with the paragraph count."""
    colors = dict(ROLE_COLORS, **(colors or {}))
    if not report.summary:
        return ""
    row_h, label_w, bar_w = 22, 190, 560
    top = max(s.share for s in report.summary) or 1.0
    rows = []
    for k, s in enumerate(sorted(report.summary, key=lambda s: -s.share)):
        y = k * row_h
        w = s.share / top * bar_w
        rows.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{html.escape(s.label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
            f'fill="{colors.get(s.role, "#ccc")}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{s.share * 100:.0f}% · '
            f"{paragraphs(s.count, report.lang)}</text>")
    height = row_h * len(report.summary)
    t = words(report.lang)
    return (f'<h2>{t("Share of the text by role")}</h2><svg class="shares" viewBox="0 0 '
            f'{label_w + bar_w + 160} {height}" font-size="13" font-family="sans-serif" '
            f'role="img" aria-label="{t("share of the text by role")}">{"".join(rows)}</svg>')
