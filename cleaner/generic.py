"""Generic detectors: boilerplate no pack names, found by shape and position alone.

They run after the named rules, on the lines those rules kept (with kept lines' removed spans
already cut), one detector after the other, each on what the ones before it left. A second run
over the output therefore sees the same lines and changes nothing (idempotence).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING

from . import region, shape
from .textio import Line, View, fold, view_of

if TYPE_CHECKING:
    from .engine import Segment

# A trailing run must hold this many headlines of this many words to count as a list of
# other stories; fewer is too easily the story's own closing lines.
TRAILING_MIN_HEADLINES = 3
TRAILING_MIN_WORDS = 4
# The story's own list at its end ("June 3 – Lyon @ Arena", "Chile (Group B): third"): this
# many lines in a row built on one template, i.e. the same punctuation of two or more marks
# (quotes aside). Other stories' headlines don't share one.
TEMPLATE_MIN_LINES = 3
TEMPLATE_MIN_MARKS = 2
_NOT_MARK = re.compile(r"[\w\s\"'“”‘’«»]+")
# A repeated line must be this long to count as a copy: shorter lines (labels, "Foto:",
# a one-word subheading) legitimately recur.
REPEAT_MIN_WORDS = 8
# A line that recurs this many times is a refrain of the story (the same question put to each
# interviewee, a recurring label), not a scraper's second copy, which comes once.
REFRAIN_MIN_TIMES = 3
_TRUNCATED = re.compile(r"\s*(?:\.{3}|…)\s*$")
_ELLIPSES = ("...", "…")
# Punctuation that fold() leaves as it is (its own lower case and case fold, its own NFKD, no
# combining mark, no space), common in news text: quotes, dashes, bullets, signs.
_AS_IS = "“”‘’–—•●·⋅©®°€£"
_NOT_AS_IS = re.compile(f"[^\\x00-\\x7f{_AS_IS}]")
# Past this many characters of folded text a document is long: see _repeats.
LONG_DOCUMENT_CHARS = 20_000
# A list of other stories between the paragraphs: this many bulleted headlines in a row,
# most of them in title case and of TRAILING_MIN_WORDS words or more (measured: on the
# devset's full pages, 1038 runs of bulleted title-case headlines, none in an article; the
# story's own bulleted points are written as sentences).
HEADLINE_LIST_MIN_LINES = 3
# Above the story, a line of at most this many words without digits or sentence marks is a
# label (a section's name, a byline's name, a tag such as "Headline") when a longer line
# there is the headline: LEAD_HEADLINE_MIN_WORDS words or more.
LEAD_LABEL_MAX_WORDS = 4
LEAD_HEADLINE_MIN_WORDS = 5
_DASHES = ("-", "–", "—")
_NOT_A_LABEL = re.compile(r"[\d.,:;!?()\[\]|/@#\"“”«»]")
# A leading menu: this many very short lines before the first paragraph.
MENU_MIN_LINES = 4
MENU_MAX_WORDS = 3
# The page's own headline: a line before the first paragraph whose words are the title's, or
# a run of this many of them (the title tag often adds the site's name).
TITLE_MIN_WORDS = 3


@dataclass(frozen=True, slots=True)
class Detector:
    id: str
    kind: str
    description: str


def _trailing_run(texts: Sequence[str]) -> list[int]:
    """Positions of lines that form a headline list at the end, or []."""
    if len(texts) <= TRAILING_MIN_HEADLINES:
        return []  # no room for a paragraph and that many headlines after it
    run: list[int] = []
    for i in reversed(range(len(texts))):
        text = texts[i]
        if not shape.is_bullet(text) and shape.is_prose(text) and not shape.is_list_intro(text):
            break  # most documents end in a paragraph (unbulleted prose is no headline)
        if shape.is_separator(text) or shape.is_headline(text):
            run.append(i)
            continue
        if shape.is_list_intro(text) or not shape.is_prose(text):
            return []  # the list is announced by the story, or the tail is not a clean run
        break
    else:
        return []  # no paragraph before the run: not an article we can tell apart
    if not run:
        return []  # the document ends in a paragraph
    run = _after_story_list(texts, run[::-1])[::-1]
    if not run:
        return []
    carried = sum(1 for i in run if i > 0 and shape.continues(texts[i - 1], texts[i]))
    if carried and 2 * carried >= len(run) - 1:
        return []  # a hard-wrapped paragraph (most lines carry on a sentence), not a list
    headlines = [
        i for i in run
        if shape.has_words(texts[i], TRAILING_MIN_WORDS) and not shape.is_numbered(texts[i])
    ]  # fmt: skip
    if len(headlines) < TRAILING_MIN_HEADLINES:
        return []
    last_paragraph = texts[run[-1] - 1]
    if shape.bullet_mark(last_paragraph) and shape.bullet_mark(last_paragraph) in {
        shape.bullet_mark(texts[i]) for i in run
    }:
        return []  # the story's own bulleted points go on
    return sorted(run)


def _after_story_list(texts: Sequence[str], run: Sequence[int]) -> list[int]:
    """The part of a run (in order) after the last list built on one template: what follows
    the story's own list, which is all that may be other stories."""
    start, streak = 0, 1
    marks = [_template(texts[i]) for i in run]  # once a line
    for k in range(1, len(run)):
        streak = streak + 1 if marks[k] and marks[k] == marks[k - 1] else 1
        if streak >= TEMPLATE_MIN_LINES:
            start = k + 1
    return list(run[start:])


def _template(text: str) -> str:
    marks = _NOT_MARK.sub("", text)
    return marks if len(marks) >= TEMPLATE_MIN_MARKS else ""


def _headline_list(texts: Sequence[str]) -> list[int]:
    """Positions of runs of bulleted headlines, mostly in title case, not announced."""
    out: list[int] = []
    run: list[int] = []
    for i, text in enumerate([*texts, ""]):
        if shape.is_bullet(text) and shape.is_headline(text):
            run.append(i)
            continue
        if (
            len(run) >= HEADLINE_LIST_MIN_LINES
            and not (run[0] and shape.is_list_intro(texts[run[0] - 1]))
            and 2 * sum(1 for j in run if _titled_headline(texts[j])) > len(run)
        ):
            out.extend(run)
        run = []
    return out


def _titled_headline(text: str) -> bool:
    """A headline of another story: in title case, and longer than a name or a place (a
    story's own numbered list of people or teams is in title case too)."""
    return shape.has_words(text, TRAILING_MIN_WORDS) and shape.is_title_case(text)


def _lead_labels(texts: Sequence[str]) -> list[int]:
    """Positions of the labels above the first paragraph, when a headline is there too (a
    short line alone above the story is its headline)."""
    first = next((i for i, text in enumerate(texts) if shape.is_prose(text)), 0)
    if not any(shape.has_words(texts[i], LEAD_HEADLINE_MIN_WORDS) for i in range(first)):
        return []
    return [i for i in range(first) if _is_label_above(texts, i)]


def _is_label_above(texts: Sequence[str], i: int) -> bool:
    """A few words without digits or sentence marks, and not a dateline's place."""
    text = texts[i]
    if _NOT_A_LABEL.search(text) or shape.has_words(text, LEAD_LABEL_MAX_WORDS + 1):
        return False
    if shape.is_dateline_piece(text) or not shape.words(text):
        return False
    # "Mojokerto" over "-" or over "- The council said ...": the place of the lead's dateline
    after = texts[i + 1].lstrip() if i + 1 < len(texts) else ""
    return not after.startswith(_DASHES)


def _leading_menu(texts: Sequence[str]) -> list[int]:
    if len(texts) < MENU_MIN_LINES:
        return []  # too short a document to hold a menu
    run: list[int] = []
    for i, text in enumerate(texts):
        if not shape.ends_sentence(text) and not shape.has_words(text, MENU_MAX_WORDS + 1):
            run.append(i)
            continue
        break
    return run if len(run) >= MENU_MIN_LINES else []


def _title_lines(texts: Sequence[str], title: str) -> list[int]:
    """Lines before the first paragraph that repeat the page's title (whole or a part of it)."""
    key = _words_key(title)
    out: list[int] = []
    for i, text in enumerate(texts):
        if shape.is_prose(text):
            break
        line = _words_key(text)
        part = shape.has_words(text, TITLE_MIN_WORDS) and f" {line} " in f" {key} "
        if line and (line == key or part):
            out.append(i)
    return out


def _words_key(text: str) -> str:
    return " ".join(shape.WORD.findall(fold(text)))


# The page's title (listed last, so that the ids of the others stay as they were) and repeats
# run first, then the page region (on full pages it finds head and tail at once), then the
# list and menu detectors for what is left (mostly text dumps).
DETECTORS = (
    Detector(
        "generic.repeated-text",
        "other",
        f"A line of {REPEAT_MIN_WORDS} or more words that an earlier line already holds: the "
        "scraper's second copy of a paragraph, whole, cut short or in pieces (the first stays).",
    ),
    Detector(
        "generic.page-head",
        "nav",
        "On a full page (many short lines), everything before the article: the densest run "
        "of prose paragraphs (menus, breadcrumbs, title, byline, share bar).",
    ),
    Detector(
        "generic.page-tail",
        "other",
        "On a full page, everything after the article's densest run of prose (related, "
        "popular and latest lists, newsletter prompts, footers).",
    ),
    Detector(
        "generic.link-list",
        "related",
        f"On a full page, a run of {region.LINK_LIST_MIN_LINES} or more short lines between "
        "the article's paragraphs (an embedded list of other stories, a share bar).",
    ),
    Detector(
        "generic.trailing-headlines",
        "related",
        "A run of three or more headline-shaped lines after the last paragraph (an unknown "
        "site's related, popular or latest list); kept when a line ending in ':' announces it.",
    ),
    Detector(
        "generic.leading-menu",
        "nav",
        "Four or more one-to-three-word lines before the first paragraph (a site menu).",
    ),
    Detector(
        "generic.page-title",
        "other",
        "The page's own headline repeated before the first paragraph, when the page names its "
        "title (HTML: <title>, og:title, JSON-LD); the article text starts after it.",
    ),
    Detector(
        "generic.lead-labels",
        "other",
        f"Lines of {LEAD_LABEL_MAX_WORDS} words or fewer without digits or sentence marks "
        "before the first paragraph (a section's name, a byline's name, a tag), when a line of "
        f"{LEAD_HEADLINE_MIN_WORDS} or more words there is the headline; not a dateline.",
    ),
    Detector(
        "generic.headline-list",
        "related",
        f"{HEADLINE_LIST_MIN_LINES} or more bulleted headlines in a row, most in title case, "
        "anywhere in the text (other stories listed between the paragraphs); kept when a line "
        "ending in ':' announces them.",
    ),
)
IDS = tuple(d.id for d in DETECTORS)
_REGION = IDS[1:4]
TITLE = IDS[6]
# On trafilatura's output (HTML input) the page is already cut down to the article by its
# markup: only these detectors add to that (measured with bench/html_accuracy.py: the page
# region, link-list, repeat and menu detectors cost ScrapingHub recall and bought nothing).
HTML_IDS = (TITLE, IDS[4])


def detect(
    lines: Sequence[Line],
    views: Sequence[View],
    segments: Sequence[Segment],
    enabled: Sequence[str],
    title: str | None = None,
) -> list[Segment]:
    from .engine import Segment, cut_spans

    # One pass over the segments: lines removed whole, lines with spans cut, comment markers.
    whole: set[int] = set()
    comments: set[int] = set()
    spans: dict[int, list[Segment]] = {}
    for seg in segments:
        if seg.span is not None:
            spans.setdefault(seg.first, []).append(seg)
            continue
        whole.update(range(seg.first, seg.last + 1))
        if seg.kind == "comment":
            comments.update(range(seg.first, seg.last + 1))
    # Every non-blank line in order (`where`: its index in `lines`): the text a kept line
    # will have in the output (the same a second run would see), or None for a line the
    # named rules removed.
    texts = [view.text for view in views]
    if spans:
        for i, line in enumerate(lines):
            if line.number in spans and line.number not in whole:
                texts[i] = view_of(cut_spans(line.text, spans[line.number])).text
    where = [i for i, text in enumerate(texts) if text.strip()]
    if whole:
        page = [None if lines[i].number in whole else texts[i] for i in where]
    else:
        page = [texts[i] for i in where]
    # Lines the rules removed as comment markers part the article from the readers' comments.
    marks = (
        {p for p, text in enumerate(page) if text is None and lines[where[p]].number in comments}
        if comments
        else set()
    )
    planned = _plan(page, enabled, title, marks)
    out: list[Segment] = []
    if not any(planned.values()):
        return out  # most documents: nothing found
    seen = whole | {lines[i].number for i, text in zip(where, page) if text is not None}
    for detector in DETECTORS:
        if not planned.get(detector.id):
            continue
        run = sorted(where[p] for p in planned[detector.id])
        for first, last in _ranges(run, seen, lines):
            out.append(Segment(detector.kind, detector.id, first, last))
    return out


def _plan(
    page: Sequence[str | None],
    enabled: Sequence[str],
    title: str | None = None,
    comment_marks: Collection[int] = (),
) -> dict[str, list[int]]:
    """Positions of kept lines each enabled detector claims.

    The page's own title and repeats go first. The region is then found once, with the
    repeats and the lines the named rules removed counted as the chrome they are (comment
    markers as walls); the list and menu detectors look at the kept lines left."""
    on = set(enabled)
    planned: dict[str, list[int]] = {}
    # The kept lines' positions and texts, side by side; rebuilt only when a detector
    # claims some of them (most documents: none).
    kept = [p for p, text in enumerate(page) if text is not None]
    texts = [text for text in page if text is not None]
    if TITLE in on and title:
        planned[TITLE] = [kept[q] for q in _title_lines(texts, title)]
        if planned[TITLE]:
            kept, texts = _without(kept, texts, set(planned[TITLE]))
    if IDS[0] in on:
        planned[IDS[0]] = [kept[q] for q in _repeats(texts)]
    dropped = {p for run in planned.values() for p in run}
    if dropped:
        page = [None if p in dropped else text for p, text in enumerate(page)]
    found = region.article(page, comment_marks) if not on.isdisjoint(_REGION) else None
    if found:
        kept_outside = [p for p in range(len(page)) if page[p] is not None and p not in found]
        regions = {
            IDS[1]: [p for p in kept_outside if p < found.start],
            IDS[2]: [p for p in kept_outside if p >= found.stop],
            IDS[3]: region.link_lists(page, found),
        }
        planned.update((k, v) for k, v in regions.items() if k in on)
    claimed = {p for run in planned.values() for p in run}
    if claimed:
        kept, texts = _without(kept, texts, claimed)
    finders = (
        (IDS[4], _trailing_run),
        (IDS[5], _leading_menu),
        (IDS[7], _lead_labels),
        (IDS[8], _headline_list),
    )
    for detector_id, find in finders:
        if detector_id in on:
            planned[detector_id] = [kept[q] for q in find(texts)]
            if planned[detector_id]:
                kept, texts = _without(kept, texts, set(planned[detector_id]))
    return planned


def _without(
    kept: Sequence[int], texts: Sequence[str], claimed: Collection[int]
) -> tuple[list[int], list[str]]:
    """The kept positions and their texts, less the claimed positions."""
    left = [q for q, p in enumerate(kept) if p not in claimed]
    return [kept[q] for q in left], [texts[q] for q in left]


def _repeats(texts: Sequence[str]) -> list[int]:
    """Positions of lines whose words an earlier line already holds: a scraper's second copy
    of a paragraph, whole or cut short ('...'), or a piece of a paragraph it emitted whole.
    `texts` are view texts (see _fold), as detect builds them.

    A line is a copy when its key (_key) is found in the earlier lines that are neither copies
    nor refrains (lines that recur REFRAIN_MIN_TIMES times or more), one a line, and it has
    REPEAT_MIN_WORDS words or more."""
    folded = [_fold(text) for text in texts]
    if sum(map(len, folded)) > LONG_DOCUMENT_CHARS:
        return _repeats_in_long(texts, folded)
    # All the folded lines, one a line: the lines before a line hold the earlier lines a copy
    # is searched in, and more, so a key not found there is no copy. Most lines stop at that
    # one search; for the rest, the lines left out (copies, refrains) are left out and the
    # search made again, when there are any.
    whole = "\n".join(folded)
    keys = [_key(line) if line.endswith(_ELLIPSES) else line for line in folded]  # most: line
    starts = accumulate((len(line) + 1 for line in folded), initial=0)  # where each starts
    found = [i for i, (key, at) in enumerate(zip(keys, starts)) if whole.find(key, 0, at) >= 0]
    out: list[int] = []
    refrains: set[str] | None = None  # lines that recur REFRAIN_MIN_TIMES times or more
    earlier, upto = "", 0  # the earlier lines of folded[:upto] (a copy is a piece of one)
    for i in found:
        if not shape.has_words(texts[i], REPEAT_MIN_WORDS):
            continue
        if refrains is None:
            refrains = _refrains(folded)
        if folded[i] in refrains:
            continue  # the story's refrain (an interview's recurring question), not a copy
        if out or refrains:
            # Some earlier lines are left out: search the others.
            copies = set(out)
            earlier += "".join(
                f"{folded[j]}\n" for j in range(upto, i)
                if j not in copies and folded[j] not in refrains
            )  # fmt: skip
            upto = i
            if keys[i] not in earlier:
                continue
        out.append(i)  # else the search above was over the earlier lines exactly
    return out


def _refrains(folded: Sequence[str]) -> set[str]:
    if len(set(folded)) > len(folded) - REFRAIN_MIN_TIMES + 1:
        return set()  # too few lines alike for any to recur that often (most documents)
    return {line for line, times in Counter(folded).items() if times >= REFRAIN_MIN_TIMES}


def _fold(text: str) -> str:
    """fold() of a view text (textio.view_of), sooner for most lines. A view holds no control
    characters (tabs are spaces, the rest are dropped) but a newline: a view of ASCII and
    _AS_IS punctuation without one, single-spaced and with no space at either end, folds to
    its lower case (no accent to drop; splitting and joining its words changes nothing)."""
    plain = text.isascii() or not _NOT_AS_IS.search(text)
    spaced = "  " not in text and "\n" not in text  # one space between words
    if plain and spaced and not text.startswith(" ") and not text.endswith(" "):
        return text.lower()
    return fold(text)


def _repeats_in_long(texts: Sequence[str], folded: Sequence[str]) -> list[int]:
    """_repeats on a long document. Searching the earlier text for every line is quadratic:
    first check the line's inner words (those between two spaces in fold()'s single-spaced
    key): a copy has them whole, and the same pairs side by side, in the line it copies. Most
    lines fail there and skip the search."""
    out: list[int] = []
    times = Counter(folded)
    earlier = ""  # the folded lines so far, one a line: a copy is a piece of one of them
    earlier_words: set[str] = set()
    earlier_pairs: set[str] = set()
    earlier_lines: set[str] = set()
    for i, line in enumerate(folded):
        if times[line] >= REFRAIN_MIN_TIMES:
            continue  # the story's refrain (an interview's recurring question), not a copy
        key = _key(line)
        inner = key.split(" ")[1:-1]
        if (
            earlier_words.issuperset(inner)
            and earlier_pairs.issuperset(map(" ".join, pairwise(inner)))
            and shape.has_words(texts[i], REPEAT_MIN_WORDS)
            and (key in earlier_lines or key in earlier)
        ):
            out.append(i)
            continue
        earlier += line + "\n"
        words = line.split(" ")
        earlier_words.update(words)
        earlier_pairs.update(map(" ".join, pairwise(words)))
        earlier_lines.add(line)
    return out


def _key(line: str) -> str:
    """What a copy of an earlier line must match: the folded line less a closing ellipsis."""
    # The regex only when it can match (a folded line ends without spaces).
    return _TRUNCATED.sub("", line) if line.endswith(_ELLIPSES) else line


def _ranges(run: Sequence[int], seen: set[int], lines: Sequence[Line]) -> list[tuple[int, int]]:
    """Line-number ranges covering the run; a range spans blank lines only, never a line
    that is kept or that another segment holds."""
    ranges: list[tuple[int, int]] = []
    for i in sorted(run):
        number = lines[i].number
        if ranges and seen.isdisjoint(range(ranges[-1][1] + 1, number)):
            ranges[-1] = (ranges[-1][0], number)
        else:
            ranges.append((number, number))
    return ranges
