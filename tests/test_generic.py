"""Generic detectors on hand-written pages and dumps (invented text, not devset lines)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Options, RuleSet, clean_text, engine, generic, load_rules, shape
from cleaner.textio import fold, split_lines, view_of

MENU = [
    "* Home", "* News", "* Politics", "* Business", "* Markets", "* Technology", "* Science",
    "* Health", "* Sport", "* Football", "* Tennis", "* Culture", "* Books", "* Film",
    "* Music", "* Travel", "* Food", "* Opinion", "* Weather", "* Podcasts", "* Video",
    "* Newsletters", "Sign in", "Subscribe",
]  # fmt: skip
HEAD = [
    "Harbour town opens its first floating library",
    "By Mira Santoso",
    "12 March 2024, 09:14",
    "* Share",
    "* Copy link",
]
STORY = [
    "The small harbour town of Kelbrook opened a library on a converted ferry on Saturday, "
    "and more than four hundred people queued along the quay to step aboard.",
    "The ferry, which carried passengers across the estuary for thirty years, was bought by "
    "the town council for a symbolic sum when its operator retired the route last spring.",
    "Volunteers stripped the passenger deck, fitted shelves made from reclaimed planks and "
    "installed a reading corner for children near the old wheelhouse.",
    "Inside the hold",
    "The lower deck now holds a local history archive, with ship logs, photographs and "
    "letters donated by families who worked in the boatyards for generations.",
    '"People kept bringing boxes from their attics," said the librarian, Ana Ferreira. '
    '"We had to stop counting after the second week."',
    "The library will stay moored at the east pier through the summer before it starts a "
    "weekly tour of the villages along the coast.",
]
RELATED = [
    "Related stories",
    "* Lighthouse keepers return to the northern cape",
    "* Ferry timetables change as the bridge closes for repairs",
    "* Fishing quotas divide the coastal towns again",
    "* Students restore a century-old sailing barge",
]
FOOTER = [
    "About us | Contact | Privacy Policy | Terms of use",
    "Advertise with us",
    "Careers",
    "Copyright 2024 Coastal Media Group. All rights reserved.",
]


def _page() -> str:
    return "\n".join([*MENU, "", *HEAD, "", *STORY, "", *RELATED, "", *FOOTER]) + "\n"


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_rules()


def _rules_of(segments: tuple[engine.Segment, ...]) -> set[str]:
    return {s.rule for s in segments}


def test_page_keeps_the_story_and_drops_head_and_tail(ruleset: RuleSet) -> None:
    result = clean_text(_page(), ruleset, Options(language="en"))
    assert result.text.strip("\n") == "\n".join(STORY)
    assert "generic.page-head" in _rules_of(result.analysis.segments)
    # Without named rules the region alone finds head and tail.
    found = engine.analyse(split_lines(_page()), [], generic.IDS)
    assert {"generic.page-head", "generic.page-tail"} <= _rules_of(found.segments)


def test_a_tag_cloud_is_no_paragraph() -> None:
    # Two long runs of words without a mark (a category list and a tag cloud run together)
    # far above a one-paragraph story: by word count they outweigh it, but they are no prose.
    categories = " ".join(f"Topic{n} Lighthouses Ferries Harbours Quays" for n in range(9))
    tags = " ".join(f"tag{n} ferry library harbour quay archive reading" for n in range(9))
    page = [*MENU, categories, "Tags", tags, *MENU, *HEAD, STORY[0], *RELATED, *FOOTER]
    found = generic._plan(page, generic.IDS)
    kept = set(range(len(page))) - {p for run in found.values() for p in run}
    assert page.index(STORY[0]) in kept
    assert page.index(categories) not in kept and page.index(tags) not in kept


def test_page_is_clean_after_one_pass(ruleset: RuleSet) -> None:
    once = clean_text(_page(), ruleset, Options(language="en")).text
    assert clean_text(once, ruleset, Options(language="en")).text == once


def test_a_list_of_other_stories_inside_the_story_goes() -> None:
    page = [*MENU, *STORY[:5], *RELATED[1:], *STORY[5:], *FOOTER]
    lines = split_lines("\n".join(page))
    found = engine.analyse(lines, [], generic.IDS)
    lists = [s for s in found.segments if s.rule == "generic.link-list"]
    dropped = {n for s in lists for n in range(s.first, s.last + 1)}
    start = len(MENU) + 5 + 1
    assert dropped == set(range(start, start + 4))


def test_a_list_announced_by_the_story_stays() -> None:
    steps = ["The council listed what the library needs:", "Shelving", "Reading lamps", "Rugs"]
    page = [*MENU, *STORY[:3], *steps, *STORY[4:], *FOOTER]
    lines = split_lines("\n".join(page))
    found = engine.analyse(lines, [], generic.IDS)
    assert "generic.link-list" not in _rules_of(found.segments)


def test_a_text_dump_is_not_a_page(ruleset: RuleSet) -> None:
    # A dump: title, paragraphs and a list of codes the story is about; no menu.
    codes = [f"KLB{n:03d}X{n * 7 % 10}Q" for n in range(30)]
    text = "\n".join(["Kelbrook library codes", *STORY[:2], *codes, *STORY[4:]]) + "\n"
    result = clean_text(text, ruleset, Options(language="en"))
    assert not {r for r in _rules_of(result.analysis.segments) if r.startswith("generic.page")}
    assert result.text.count("KLB") == 30


def test_detectors_can_be_turned_off() -> None:
    lines = split_lines(_page())
    kept = [d for d in generic.IDS if d != "generic.page-head"]
    found = engine.analyse(lines, [], kept)
    assert "generic.page-head" not in _rules_of(found.segments)
    assert "generic.page-tail" in _rules_of(found.segments)


def test_every_detector_has_an_id_a_kind_and_a_description() -> None:
    assert len(set(generic.IDS)) == len(generic.DETECTORS)
    for det in generic.DETECTORS:
        assert det.id.startswith("generic.") and det.kind and det.description


def test_hard_wrapped_paragraph_is_not_a_trailing_list() -> None:
    wrapped = [
        "The council said the ferry would need a new hull within five years, and",
        "that the cost of the repair would be shared between the town and the",
        "regional heritage fund, which has supported similar projects along the",
        "coast since the old shipyards closed in the nineteen nineties",
    ]
    lines = split_lines("\n".join([*STORY[:2], *wrapped]))
    found = engine.analyse(lines, [], ["generic.trailing-headlines"])
    assert not found.segments


def test_trailing_headlines_after_the_last_paragraph_go() -> None:
    lines = split_lines("\n".join([*STORY, *RELATED[1:]]))
    found = engine.analyse(lines, [], ["generic.trailing-headlines"])
    assert [(s.first, s.last) for s in found.segments] == [(len(STORY) + 1, len(STORY) + 4)]


def test_a_line_with_a_cut_span_dropped_whole_is_counted_once(ruleset: RuleSet) -> None:
    # The footer line carries a credit span that a named rule would cut; the page tail takes
    # the whole line, and the sidecar must not count those characters twice (verify passes).
    page = _page().replace("Careers", "Careers (ant/jpnn)")
    result = clean_text(page, ruleset, Options(language="id"))
    assert "Careers" not in result.text


def test_the_storys_own_bullet_points_are_not_a_trailing_list() -> None:
    points = [
        "● The mayor said the ferry library will open every day in August.",
        "● Entry stays free for residents of the district",
        "● School groups can book the lower deck on weekday mornings",
        "● A second boat is being considered for the river towns",
    ]
    lines = split_lines("\n".join([*STORY[:2], *points]))
    found = engine.analyse(lines, [], ["generic.trailing-headlines"])
    assert not found.segments


HEADLINES = [
    "• Lighthouse Keepers Return to the Northern Cape",
    "• Ferry Timetables Change as the Bridge Closes for Repairs",
    "• Fishing Quotas Divide the Coastal Towns Again",
]


def test_bulleted_headlines_between_paragraphs_go() -> None:
    lines = split_lines("\n".join([*STORY[:2], *HEADLINES, *STORY[2:]]))
    found = engine.analyse(lines, [], ["generic.headline-list"])
    assert [(s.rule, s.kind, s.first, s.last) for s in found.segments] == [
        ("generic.headline-list", "related", 3, 5)
    ]


def test_the_storys_own_points_and_announced_lists_are_no_headline_list() -> None:
    points = [
        "• Entry stays free for residents of the district",
        "• School groups can book the lower deck on weekday mornings",
        "• A second boat is being considered for the river towns",
    ]
    announced = ["The council named the titles it wants for the shelves:", *HEADLINES]
    too_few = HEADLINES[:2]
    unbulleted = [h.lstrip("• ") for h in HEADLINES]
    names = ["1. Mira Santoso", "2. Ana Ferreira", "3. Tomas Halloran Junior"]  # a ranking
    for middle in (points, announced, too_few, unbulleted, names):
        lines = split_lines("\n".join([*STORY[:2], *middle, *STORY[2:]]))
        assert not engine.analyse(lines, [], ["generic.headline-list"]).segments, middle


def test_labels_above_the_headline_and_story_go() -> None:
    head = ["Coast", HEAD[0], "Mira Santoso", "Culture and Arts"]
    lines = split_lines("\n".join([*head, *STORY]))
    found = engine.analyse(lines, [], ["generic.lead-labels"])
    assert [(s.first, s.last) for s in found.segments] == [(1, 1), (3, 4)]


def test_what_stays_above_the_story() -> None:
    cases = [
        ["Floating Library", *STORY],  # a short headline, and no longer one: the headline
        [HEAD[0], "12 March 2024", "Reporter: Mira Santoso", *STORY],  # digits, marks
        [HEAD[0], "KELBROOK", "- " + STORY[0], *STORY[1:]],  # the dateline's place
        [HEAD[0], "Kelbrook", "-", *STORY],
        ["Coast", HEAD[0], "Inside the hold"],  # no paragraph: nothing to be above
    ]
    for lines in cases:
        found = engine.analyse(split_lines("\n".join(lines)), [], ["generic.lead-labels"])
        assert not found.segments, lines


def test_title_case() -> None:
    assert shape.is_title_case("Editor Metro Ditemukan Tewas di Tol Pesanggrahan")
    assert shape.is_title_case("Lighthouse Keepers Return to the Northern Cape")
    assert not shape.is_title_case("Entry stays free for residents of the District")
    assert not shape.is_title_case("12 / 2024")  # no words
    assert not shape.is_title_case("图书馆开放")  # a script without case


def test_cli_turns_a_detector_off_by_id() -> None:
    from click.testing import CliRunner

    from cleaner.cli import cli

    page = _page()
    on = CliRunner().invoke(cli, ["clean", "-", "--lang", "en"], input=page)
    off = CliRunner().invoke(
        cli, ["clean", "-", "--lang", "en", "--disable", "generic.page-head"], input=page
    )
    assert on.exit_code == 0 and off.exit_code == 0, off.output
    title = HEAD[0]
    assert title not in on.output and title in off.output


def test_a_second_copy_of_a_paragraph_goes_and_the_first_stays() -> None:
    whole = " ".join(STORY[:2])
    piece = STORY[1]
    cut_short = STORY[0][:60] + "..."
    lines = split_lines("\n".join([whole, STORY[2], piece, cut_short, STORY[2]]))
    found = engine.analyse(lines, [], ["generic.repeated-text"])
    assert [(s.first, s.last) for s in found.segments] == [(3, 5)]


def test_short_lines_may_recur() -> None:
    lines = split_lines("\n".join([STORY[0], "Inside the hold", STORY[1], "Inside the hold"]))
    assert not engine.analyse(lines, [], ["generic.repeated-text"]).segments


def test_the_pages_own_title_before_the_story_goes() -> None:
    # The title tag adds the site's name; the body repeats the headline above the story.
    title = "Harbour town opens its first floating library | Coastal Post"
    lines = split_lines("\n".join([HEAD[0], "Culture", *STORY, HEAD[0]]))
    found = engine.analyse(lines, [], ["generic.page-title"], title)
    assert [(s.rule, s.first, s.last) for s in found.segments] == [("generic.page-title", 1, 1)]


def test_page_title_needs_a_title_and_leaves_short_or_different_lines() -> None:
    lines = split_lines("\n".join(["Culture", "Harbour town", "A different headline", *STORY]))
    assert not engine.analyse(lines, [], ["generic.page-title"]).segments
    title = "Harbour town opens its first floating library"
    assert not engine.analyse(lines, [], ["generic.page-title"], title).segments


def test_html_takes_only_the_detectors_made_for_extracted_text() -> None:
    assert set(generic.HTML_IDS) <= set(generic.IDS)
    assert "generic.page-head" not in generic.HTML_IDS


def test_a_trailing_list_with_one_lower_case_item_is_still_a_list() -> None:
    # One item starting in lower case after a line without a full stop is no hard wrap.
    tail = [
        "Letters to the editor",
        "Advertising enquiries",
        "email: desk at coastalpost dot example",
        "Lighthouse keepers return to the northern cape",
        "Ferry timetables change as the bridge closes for repairs",
    ]
    lines = split_lines("\n".join([*STORY, *tail]))
    found = engine.analyse(lines, [], ["generic.trailing-headlines"])
    assert [(s.first, s.last) for s in found.segments] == [(len(STORY) + 1, len(STORY) + 5)]


def test_the_storys_own_templated_list_stays_and_what_follows_goes() -> None:
    dates = [
        "May 3 – Porto, PT @ Coliseu Hall",
        "May 5 – Lyon, FR @ Halle Tony Garnier",
        "May 9 – Gent, BE @ Vooruit Arts Centre",
        "May 12 – Bergen, NO @ Grieghallen Stage",
    ]
    other = [
        "Lighthouse keepers return to the northern cape",
        "Ferry timetables change as the bridge closes for repairs",
        "Fishing quotas divide the coastal towns again",
    ]
    lines = split_lines("\n".join([*STORY, *dates]))
    assert not engine.analyse(lines, [], ["generic.trailing-headlines"]).segments
    lines = split_lines("\n".join([*STORY, *dates, *other]))
    found = engine.analyse(lines, [], ["generic.trailing-headlines"])
    first = len(STORY) + len(dates) + 1
    assert [(s.first, s.last) for s in found.segments] == [(first, first + 2)]


def test_a_refrain_of_the_story_is_not_a_copy() -> None:
    # The same question put to three interviewees: the story's own refrain, kept every time.
    question = "What was the first dish you ever cooked for your family at home?"
    answers = [
        "Rice porridge with ginger, because it was the only thing my grandmother let me touch.",
        "A very burnt omelette, which my brothers still mention at every birthday dinner.",
        "Grilled fish from the market near the harbour, seasoned with salt and lime juice.",
    ]
    text = "\n".join(line for answer in answers for line in (question, answer))
    found = engine.analyse(split_lines(text), [], ["generic.repeated-text"])
    assert not found.segments


COMMENTS = [
    "4 Comments",
    "1. harbourwatcher says:",
    "I grew up two streets from that quay and I remember the ferry running every half hour, "
    "packed with schoolchildren and fishermen and their crates, so it is wonderful to see it "
    "given a second life instead of being sold for scrap like the old tugs were.",
    "My only worry is the winter storms, because the east pier takes the full force of the "
    "wind and I hope the council has thought about where the boat will shelter in January.",
    "2. quaysidereader says:",
    "We took the children on the opening day and they refused to leave the reading corner, "
    "which says everything about how well the volunteers have done with such a small space "
    "and such a modest budget from the town.",
    "The archive in the hold is the real treasure though, with logbooks from the years when "
    "my grandfather worked the crossing and photographs I had never seen before that day.",
    "Leave a Reply",
]


def test_readers_comments_longer_than_the_story_do_not_become_the_article(
    ruleset: RuleSet,
) -> None:
    # The thread outweighs the story, but each comment's header walls it off on its own.
    page = "\n".join([*MENU, *HEAD, *STORY[:3], *COMMENTS, *FOOTER]) + "\n"
    result = clean_text(page, ruleset, Options(language="en"))
    assert all(line in result.text for line in STORY[:3])
    assert "second life" not in result.text
    assert "refused to leave" not in result.text


def test_a_long_thread_under_one_comment_marker_stays_out(ruleset: RuleSet) -> None:
    # One marker, then a thread whose headers (a name, a time) no rule knows: long enough to
    # outweigh the marker's cost, so the densest run went on from the story into it.
    comment = (
        "I walked past the old ferry every morning for years on my way to work, and seeing it "
        "full of books and children instead of rusting at the pier is the best thing the "
        "council has done in a long time, so thank you to everyone."
    )
    thread = []
    for n in range(12):
        thread += [f"reader{n}", f"2 days ago at 07:{n + 10} am", f"Comment number {n}: {comment}"]
    page = "\n".join([*MENU, *HEAD, *STORY[:3], "12 Comments", *thread, *FOOTER]) + "\n"
    result = clean_text(page, ruleset, Options(language="en"))
    assert all(line in result.text for line in STORY[:3])
    assert "Comment number" not in result.text


@pytest.mark.parametrize("dateline", [["Kelbrook -"], ["KELBROOK", "-"]])
def test_a_dateline_on_its_own_lines_stays_with_the_lead(dateline: list[str]) -> None:
    page = "\n".join([*MENU, *HEAD, *dateline, *STORY, *RELATED, *FOOTER]) + "\n"
    found = engine.analyse(split_lines(page), [], generic.IDS)
    first_story = len(MENU) + len(HEAD) + len(dateline) + 1
    dropped = {n for s in found.segments for n in range(s.first, s.last + 1)}
    assert not dropped & set(range(first_story - len(dateline), first_story + 1))
    assert len(MENU) + len(HEAD) in dropped  # the share bar before it still goes


def test_the_storys_own_unbulleted_lines_inside_it_stay() -> None:
    # A timetable of the story, unbulleted lines of several words: not a list of other stories.
    timetable = [
        "Monday at the east pier from nine until noon",
        "Wednesday at the fish market quay after lunch",
        "Friday at the old boatyard slipway all day",
    ]
    page = [*MENU, *STORY[:3], *timetable, *STORY[4:], *FOOTER]
    found = engine.analyse(split_lines("\n".join(page)), [], generic.IDS)
    assert "generic.link-list" not in _rules_of(found.segments)


def _copies(texts: list[str]) -> list[int]:
    """Line numbers generic.repeated-text drops."""
    found = engine.analyse(split_lines("\n".join(texts)), [], ["generic.repeated-text"])
    return [n for s in found.segments for n in range(s.first, s.last + 1)]


def test_a_copy_that_differs_only_in_case_accents_or_spacing_goes() -> None:
    accented = STORY[2].replace("e", "\u00e9").replace("a", "a\u0301")  # composed and combining
    copies = [STORY[0].upper(), accented, "  ".join(STORY[1].split()), f" {STORY[4]}\t"]
    assert _copies([*STORY, *copies]) == list(range(len(STORY) + 1, len(STORY) + 5))


@pytest.mark.parametrize("end", ["...", " ...", "\u2026", " \u2026 "])
def test_a_copy_cut_short_goes_whatever_its_ellipsis(end: str) -> None:
    assert _copies([*STORY, STORY[0][:70] + end]) == [len(STORY) + 1]


def test_a_line_of_earlier_words_in_another_order_is_no_copy() -> None:
    shuffled = " ".join(reversed(STORY[0].split()))
    assert _copies([*STORY, shuffled, STORY[0][:40]]) == []  # and a short piece may recur


def _long_story(n: int) -> list[str]:
    return [
        f"Ferry {k} left the east pier at dawn with {k * 3} passengers, {k % 7} crates of "
        f"fish and a crew of {k % 5 + 2} who had sailed the estuary for {k + 10} years."
        for k in range(n)
    ]  # fmt: skip


@pytest.mark.parametrize("n", [40, 400])  # a short document, and one past LONG_DOCUMENT_CHARS
def test_copies_in_a_long_document_are_found_as_in_a_short_one(n: int) -> None:
    story = _long_story(n)
    assert (sum(map(len, story)) > generic.LONG_DOCUMENT_CHARS) == (n == 400)
    refrain = "Which ferry did the harbour master remember best from all those long years?"
    reordered = "Years for the estuary sailed had who crew a and fish of crates passengers dawn."
    extra = [
        story[5].upper(),  # whole, in another case
        " ".join(story[10].split()[3:14]),  # a piece
        story[20][:50] + " \u2026",  # cut short
        story[30].replace("a", "\u00e1"),  # accented
        reordered,  # earlier words, but no earlier line's
        refrain, refrain, refrain,
        "Zebra " + story[35].split(" ", 1)[1],  # an earlier line's words but the first
        story[36][3:-9],  # a piece cut inside its first and last words
    ]  # fmt: skip
    texts = [*story, *extra]
    assert _copies(texts) == [n + 1, n + 2, n + 3, n + 4, n + 10]


@pytest.mark.parametrize("text", ["", "\n", " \n\t\n\u00a0\n", "\r\n\r\n"])
def test_an_empty_or_blank_document_gives_nothing(text: str) -> None:
    assert not engine.analyse(split_lines(text), [], generic.IDS).segments


def test_crlf_lines_give_what_lf_lines_give() -> None:
    page = [*MENU, *HEAD, *STORY, STORY[1], *RELATED, *FOOTER]
    lf = engine.analyse(split_lines("\n".join(page) + "\n"), [], generic.IDS).segments
    crlf = engine.analyse(split_lines("\r\n".join(page) + "\r\n"), [], generic.IDS).segments
    assert lf == crlf and "generic.repeated-text" in _rules_of(lf)


def test_a_piece_of_a_refrain_is_no_copy_either() -> None:
    # A refrain stays out of the text copies are searched in, so a piece of it is kept.
    refrain = "What was the first dish you ever cooked for your family at home?"
    texts = [STORY[0], refrain, STORY[1], refrain, refrain, refrain[:40], refrain[5:], STORY[1]]
    assert _copies(texts) == [8]


def _repeats_by_definition(texts: list[str]) -> list[int]:
    """generic._repeats as first written: every line searched in the earlier lines' text."""
    folded = [fold(text) for text in texts]
    times = Counter(folded)
    out: list[int] = []
    earlier = ""
    for i, line in enumerate(folded):
        if times[line] >= generic.REFRAIN_MIN_TIMES:
            continue
        key = re.sub(r"\s*(?:\.{3}|…)\s*$", "", line)
        if key in earlier and shape.words(texts[i]) >= generic.REPEAT_MIN_WORDS:
            out.append(i)
            continue
        earlier += line + "\n"
    return out


_PIECES = [*STORY[:3], "Inside the hold", STORY[0].upper(), "  x\u0301 ", "...", "\u2026"]


_ENDS = ["", "...", "..", " \u2026", "."]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_PIECES), st.integers(0, 150), st.integers(0, 150),
            st.sampled_from(_ENDS),
        ),
        max_size=12,
    )
)  # fmt: skip
def test_repeats_finds_what_the_plain_search_finds(cuts: list[tuple[str, int, int, str]]) -> None:
    # Pieces, copies, refrains and ellipses of a few lines, in any order.
    texts = [text[a:][:b] + end for text, a, b, end in cuts]
    texts = [text for text in texts if text.strip()]
    assert generic._repeats(texts) == _repeats_by_definition(texts)


def test_a_copy_stays_out_of_the_text_later_copies_are_searched_in() -> None:
    # The second line is a copy cut short; the third matches it with its dots, not the first.
    cut = STORY[0][:60]
    assert _copies([STORY[0], cut + "...", cut + ".."]) == [2]


_FOLD_ALPHABET = "aB1 .\t\n\r\x0b\x1c\x00\u00a0\u200b\u00e9\u0301…\u00ba™½\u00a8ÄΣ" + generic._AS_IS


@given(st.text(st.sampled_from(_FOLD_ALPHABET), max_size=30))
def test_the_quick_fold_of_a_view_is_fold(text: str) -> None:
    view = view_of(text).text
    assert generic._fold(view) == fold(view)


@pytest.mark.parametrize("char", generic._AS_IS)
def test_punctuation_taken_as_it_is_is_what_fold_leaves_as_it_is(char: str) -> None:
    assert char.lower() == char.casefold() == unicodedata.normalize("NFKD", char) == char
    assert not unicodedata.combining(char) and not char.isspace()
    assert fold(f"A{char}B") == f"a{char}b"


def test_the_shortest_trailing_list_and_menu_are_found() -> None:
    # One paragraph and three headlines; four menu items and one paragraph: the fewest lines
    # each detector needs (the short documents' quick exits stop below these).
    headlines = RELATED[1:4]
    lines = split_lines("\n".join([STORY[0], *headlines]))
    found = engine.analyse(lines, [], ["generic.trailing-headlines"])
    assert [(s.first, s.last) for s in found.segments] == [(2, 4)]
    assert not engine.analyse(split_lines("\n".join(headlines)), [], generic.IDS).segments
    menu = ["Home", "News", "Sport", "Culture"]
    found = engine.analyse(split_lines("\n".join([*menu, STORY[0]])), [], ["generic.leading-menu"])
    assert [(s.first, s.last) for s in found.segments] == [(1, 4)]
    lines = split_lines("\n".join([*menu[:3], STORY[0]]))
    assert not engine.analyse(lines, [], ["generic.leading-menu"]).segments


_READY = [
    STORY[0], STORY[0].upper(), STORY[0][:60] + "...", STORY[0][:60] + "..", STORY[0][20:110],
    STORY[1], " ".join(STORY[1].split()[2:12]), "Inside the hold",
    "What was the first dish you ever cooked for your family at home?",
    "What was the first dish you ever cooked",
]  # fmt: skip


@given(st.lists(st.sampled_from(_READY), max_size=14))
def test_repeats_with_refrains_and_copies_finds_what_the_plain_search_finds(
    texts: list[str],
) -> None:
    # Whole lines drawn from a few: refrains, copies of copies, pieces of refrains.
    assert generic._repeats(texts) == _repeats_by_definition(texts)
