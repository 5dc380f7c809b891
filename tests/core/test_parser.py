from core.parser import AnswerParser, Verdict


def feed_all(parser: AnswerParser, pieces: list[str]) -> list[Verdict]:
    out: list[Verdict] = []
    for piece in pieces:
        out += parser.feed(piece)
    return out


def test_emits_a_verdict_the_moment_its_line_completes():
    p = AnswerParser([1, 2])
    assert p.feed("1: key_") == []
    assert p.feed("thesis") == []
    assert p.feed("\n2: exa") == [Verdict(1, ("key_thesis",))]
    assert p.finish() == ([], {2: "unrecognised role in answer: 'exa'"})


def test_last_line_without_newline_is_flushed_by_finish():
    p = AnswerParser([1])
    assert p.feed("1: humor") == []
    assert p.finish() == ([Verdict(1, ("humor",))], {})


def test_accepts_russian_labels_and_markdown_decoration():
    p = AnswerParser([1, 2, 3, 4])
    verdicts = feed_all(p, ["**1.** Пояснение на примере, юмор\n", "- 2) _contrast_\n",
                            "Paragraph 3: metaphor.\n", "[4] - noise (a cookie banner)\n"])
    assert verdicts == [Verdict(1, ("example", "humor")), Verdict(2, ("contrast",)),
                        Verdict(3, ("metaphor",)), Verdict(4, ("noise",))]
    assert p.finish() == ([], {})


def test_numbers_outside_the_request_and_repeats_are_ignored():
    p = AnswerParser([1, 2])
    verdicts = feed_all(p, ["0: noise\n3: noise\n1: example\n1: noise\n99: humor\n"])
    assert verdicts == [Verdict(1, ("example",))]
    _, missing = p.finish()
    assert missing == {2: "no answer line for this paragraph"}


def test_unknown_role_is_an_error_unless_a_valid_line_follows():
    p = AnswerParser([1, 2])
    verdicts = feed_all(p, ["1: banana\n", "2: bogus\n", "1: transition\n"])
    assert verdicts == [Verdict(1, ("transition",))]
    assert p.finish() == ([], {2: "unrecognised role in answer: 'bogus'"})


def test_prose_and_garbage_lines_are_ignored():
    p = AnswerParser([1])
    verdicts = feed_all(p, ["Sure! Here are the roles:\n", "\x00\x01garbage\n", "1: noise\n"])
    assert verdicts == [Verdict(1, ("noise",))]


def test_crlf_answers():
    p = AnswerParser([1, 2])
    assert feed_all(p, ["1: humor\r\n2: contrast\r\n"]) == [
        Verdict(1, ("humor",)), Verdict(2, ("contrast",))]
