"""The article's region on a full page: the densest run of prose, found as in boilerpipe.

A full page (a crawl's text export) puts the article between a header (menus, breadcrumbs,
title, byline, share bar) and a tail (related lists, newsletter prompts, footer), and both are
mostly short lines. Each line scores its words if it is prose and a fixed cost if it is not;
the article is the run of lines with the highest total (the maximum subarray).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from . import shape
from .textio import fold

# Below this many different labels (short lines of words: menu items, buttons, headlines)
# the text is a scraper's dump, which is mostly article already: its short lines are a title,
# a dateline, the story's own lists (codes, steps, repeated links), and cutting at the densest
# prose would lose them. Pages carry dozens of different menu and footer labels.
PAGE_MIN_LABELS = 20
# Each prose line scores its words, up to PROSE_MAX_SCORE, and each short line costs
# SHORT_LINE_COST: a paragraph is worth about four short lines. A caption or subheading between
# two paragraphs of the story costs less than either paragraph, while a teaser or a reader's
# comment, however long, does not pay for the headline, byline, date and rating lines around
# it. (Measured on the devset's full pages: costs from 6 to 10 and caps from 25 to 50 all land
# within a point of token F1 of each other; no cap lets long comments and teasers in.)
SHORT_LINE_COST = 8
PROSE_MAX_SCORE = 30
# A line of this many words is a paragraph even when it does not end in a full stop (it ends
# in a quote, a citation in brackets, a colon): other stories' headlines are shorter.
PARAGRAPH_MIN_WORDS = 25
# A line ending in ':' announces what follows ("Berikut daftarnya:", "He said:"), which is
# mostly the story's own: it costs half a short line.
INTRO_COST = 4
# Inside the article, this many short lines in a row, not announced by a line ending in
# ':', mostly bullets or mostly labels of up to LINK_LABEL_MAX_WORDS words, are a list of
# other stories or a share bar rather than a subheading or a caption.
LINK_LIST_MIN_LINES = 3
LINK_LABEL_MAX_WORDS = 3
# A line a named rule removed as a comment marker ("3 Comments", "Leave a Reply", "jo says:")
# parts the article from the readers' comments: it costs as much as three full paragraphs,
# so a thread of comments, each under its own header, never adds up to a region and the
# region never runs on from the article into the thread. (Measured on the devset's full
# pages: from 60 up, English precision +1.5 points, recall unchanged.)
COMMENT_MARK_COST = 3 * PROSE_MAX_SCORE
# Before a comment marker, a run worth this much (two full paragraphs) is the article,
# whatever comes after the marker.
ARTICLE_BEFORE_COMMENTS = 2 * PROSE_MAX_SCORE
# A paragraph has some punctuation: a long line of words without one mark of it is a tag
# cloud or a menu run together ("Administração Agricultura Campanha ..."), not prose.
_PUNCTUATION = re.compile(r"[.,;:!?…。，、；：！？،؛؟]")


def is_page(page: Sequence[str | None]) -> bool:
    """Enough different labels among the kept lines (None marks a line already removed)."""
    if len(page) - page.count(None) < PAGE_MIN_LABELS:
        return False  # too few lines to hold that many labels (most text dumps)
    texts = [t for t in page if t is not None]
    labels: set[str] = set()
    for i, t in enumerate(texts):
        if len(labels) + len(texts) - i < PAGE_MIN_LABELS:
            return False  # the lines left are too few to make up the labels missing
        if shape.is_label(t) and not (i + 1 < len(texts) and shape.continues(t, texts[i + 1])):
            labels.add(fold(t))
            if len(labels) >= PAGE_MIN_LABELS:
                return True
    return False


def article(page: Sequence[str | None], comment_marks: Collection[int] = ()) -> range | None:
    """Positions of the article's lines on a full page; None for a text dump or no prose.

    `page` holds every non-blank line: its text if kept so far, None if the named rules
    removed it (such a line costs what a short line costs: it is chrome for sure), and
    `comment_marks` the positions of removed lines that mark comments."""
    if not is_page(page):
        return None
    found = _densest(page, comment_marks, len(page))[1]
    if not found:
        return None
    # A long thread under headers no rule knows can outweigh a comment marker's cost (the
    # run goes on from the story into it) or the story itself: the article is what comes
    # before the marker, when that holds an article at all (a comment count by the byline
    # has only the page's head before it).
    first_mark = min((m for m in comment_marks if m < found.stop), default=None)
    if first_mark is not None:
        before, region = _densest(page, comment_marks, first_mark)
        if region and before >= ARTICLE_BEFORE_COMMENTS:
            found = region
    return _with_dateline(page, found)


def _densest(
    page: Sequence[str | None], comment_marks: Collection[int], stop: int
) -> tuple[int, range | None]:
    """The run of page[:stop] with the highest total score (the maximum subarray), and
    that total."""
    best, best_span = 0, None
    total, start = 0, 0
    for i in range(stop):
        if total <= 0:
            total, start = 0, i  # a run that does not pay for itself is dropped
        total += -COMMENT_MARK_COST if i in comment_marks else _score(page[i])
        # Ties go to the longer run, so that a second pass keeps the whole region.
        if total > best or (total == best and best_span and i - start > len(best_span) - 1):
            best, best_span = total, range(start, i + 1)
    return best, best_span


def _with_dateline(page: Sequence[str | None], found: range) -> range:
    """The region with the lead's dateline when the page puts it on lines of its own
    ("Badung -", or "Jakarta" then "-"): it is the start of the lead paragraph."""
    start = found.start
    if start and page[start - 1] is not None and shape.is_dateline_piece(page[start - 1] or ""):
        start -= 1
        if (
            shape.is_dash(page[start] or "") and start and page[start - 1] is not None
            and shape.is_place(page[start - 1] or "")
        ):  # fmt: skip
            start -= 1
    return range(start, found.stop)


def link_lists(page: Sequence[str | None], found: range) -> list[int]:
    """Positions of kept lines in runs of short kept lines inside the article region."""
    kept = [i for i in found if page[i] is not None]
    texts = {i: page[i] or "" for i in kept}
    out: list[int] = []
    run: list[int] = []
    for k, i in enumerate([*kept, None]):
        if i is not None and not is_paragraph(texts[i]):
            run.append(k)
            continue
        announced = run and any(shape.is_list_intro(texts[kept[j]]) for j in (run[0] - 1, run[0]))
        lines = [texts[kept[j]] for j in run]
        if len(run) >= LINK_LIST_MIN_LINES and not announced and _chrome(lines):
            out.extend(kept[j] for j in run)
        run = []
    return out


def _chrome(run: Sequence[str]) -> bool:
    """Mostly bullets (a list of other stories) or mostly labels of a few words (a share bar,
    comment bylines and dates). The story's own unbulleted lines of more words - a table's
    rows, deals, questions, references - stay: measured on the devset's full pages, runs of
    any short lines cost more article text than the boilerplate they caught."""
    bullets = sum(1 for t in run if shape.is_bullet(t))
    labels = sum(1 for t in run if shape.words(t) <= LINK_LABEL_MAX_WORDS)
    return 2 * bullets >= len(run) or 2 * labels >= len(run)


def _score(text: str | None) -> int:
    if text is None:
        return -SHORT_LINE_COST
    score = _paragraph_score(text)
    if score is not None:
        return score
    return -INTRO_COST if shape.is_list_intro(text) else -SHORT_LINE_COST


def is_paragraph(text: str) -> bool:
    return _paragraph_score(text) is not None


def _paragraph_score(text: str) -> int | None:
    """A paragraph's words up to PROSE_MAX_SCORE, None for a line that is no paragraph: prose
    or PARAGRAPH_MIN_WORDS words (each line's words counted once at most)."""
    stripped = text.strip()
    if not _PUNCTUATION.search(stripped):
        return None  # a run of words without a mark: a tag cloud, a menu
    if len(stripped) >= shape.PROSE_MIN_CHARS:  # prose
        if shape.has_words(stripped, PROSE_MAX_SCORE):
            return PROSE_MAX_SCORE
        return shape.words(stripped)
    n = shape.words(stripped)
    if n >= PARAGRAPH_MIN_WORDS or shape.is_sentence(stripped, n):
        return min(n, PROSE_MAX_SCORE)
    return None
