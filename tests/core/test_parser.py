from core.parser import AnswerParser, Verdict

A, B, C, D = "Pab2c", "Pk9m3", "Pq7rt", "Pz4x8"


def feed_all(parser: AnswerParser, pieces: list[str]) -> list[Verdict]:
    out: list[Verdict] = []
    for piece in pieces:
        out += parser.feed(piece)
    return out


def test_emits_a_verdict_the_moment_its_line_completes():
    p = AnswerParser([A, B])
    assert p.feed(f"{A}: key_") == []
    assert p.feed("thesis") == []
    assert p.feed(f"\n{B}: exa") == [Verdict(A, ("key_thesis",))]
    assert p.finish() == ([], {B: "unrecognised role in answer: 'exa'"})


def test_last_line_without_newline_is_flushed_by_finish():
    p = AnswerParser([A])
    assert p.feed(f"{A}: humor") == []
    assert p.finish() == ([Verdict(A, ("humor",))], {})


def test_accepts_russian_labels_decoration_and_case():
    p = AnswerParser([A, B, C, D])
    verdicts = feed_all(p, [f"**{A}.** Пояснение на примере, юмор\n",
                            f"- {B.lower()}) _contrast_\n", f"Paragraph {C}: metaphor.\n",
                            f"[{D}] - noise (a cookie banner)\n"])
    assert verdicts == [Verdict(A, ("example", "humor")), Verdict(B, ("contrast",)),
                        Verdict(C, ("metaphor",)), Verdict(D, ("noise",))]
    assert p.finish() == ([], {})


def test_only_issued_markers_count_and_the_first_valid_line_wins():
    p = AnswerParser([A, B])
    verdicts = feed_all(p, [f"1: noise\n2: noise\nPxxxx: noise\n{A}: example\n{A}: noise\n"
                            "1. Grind the beans.\n# 2: humor\n"])
    assert verdicts == [Verdict(A, ("example",))]
    _, missing = p.finish()
    assert missing == {B: "no answer line for this paragraph"}


def test_unknown_role_is_an_error_unless_a_valid_line_follows():
    p = AnswerParser([A, B])
    verdicts = feed_all(p, [f"{A}: banana\n", f"{B}: bogus\n", f"{A}: transition\n"])
    assert verdicts == [Verdict(A, ("transition",))]
    assert p.finish() == ([], {B: "unrecognised role in answer: 'bogus'"})


def test_prose_and_garbage_lines_are_ignored():
    p = AnswerParser([A])
    verdicts = feed_all(p, ["Sure! Here are the roles:\n", "\x00\x01garbage\n", f"{A}: noise\n"])
    assert verdicts == [Verdict(A, ("noise",))]


def test_crlf_answers():
    p = AnswerParser([A, B])
    assert feed_all(p, [f"{A}: humor\r\n{B}: contrast\r\n"]) == [
        Verdict(A, ("humor",)), Verdict(B, ("contrast",))]
