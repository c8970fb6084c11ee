"""Type-to-filter in memory: which of the loaded cases contain every word typed so far.

The case list loads every case of its query once, with the text the filter searches (see
:func:`adjudicator.cases.listing.query_case_keys_and_texts`); each keystroke is then answered
here without the database, by the rule of the SQL filter
(:func:`adjudicator.cases.service.where_clauses`): a case matches when its search text contains
every word of :func:`~adjudicator.cases.query.filter_words`.

A keystroke must be answered within a frame (16 ms) over 100,000 cases, but testing 100,000
texts of some 80 characters takes 10–15 ms by itself. So the answer comes in two parts:

* :meth:`TextFilter.first_rows` stops once a screenful has matched and the list shows those at
  once; from the whole list it searches all texts joined into one string with ``str.find``,
  jumping in C from one match to the next, so matches far down the list (a case number of
  2025 below every 2026 case) cost no more than near ones;
* :meth:`TextFilter.rows` then finds the rest (the case list runs it in the background and
  appends the rows), stopping early when a newer keystroke makes it pointless.

Both start from the fewest cases that can still match: typing usually *extends* the filter, and
then only the cases that matched before are tested again; recent answers are remembered, so a
backspace returns at once. No Qt and no SQLAlchemy here.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence

from adjudicator.cases.query import filter_words

#: How many recent complete answers are kept (each at most one list of row numbers).
REMEMBERED = 24
#: Texts tested between two looks at ``should_stop`` (about a millisecond's work).
CHUNK = 8192
#: Known candidates few enough to test all at once on a keystroke (some 2 ms of work).
WHOLE_AT_ONCE = 12_000


class TextFilter:
    """The rows (positions in ``texts``) whose text contains every word of a filter text.

    Safe to use from two threads at once (the list asks for the first rows on the UI thread
    while the rest of a previous answer may still be computed in the background).
    """

    def __init__(self, texts: Sequence[str]):
        self._texts = texts
        self._all = range(len(texts))
        self._recent: OrderedDict[tuple[str, ...], Sequence[int]] = OrderedDict()
        self._lock = threading.Lock()
        self._joined: tuple[str, list[int]] | None = None

    def prepare(self) -> TextFilter:
        """Build the joined text now (the case list does so in the background); returns self."""
        self._joined_texts()
        return self

    def _joined_texts(self) -> tuple[str, list[int]]:
        """Every text in one string, with where each starts: ``str.find`` jumps between matches.

        The texts are separated by a newline; a filter word never holds whitespace, so no
        match spans two texts.
        """
        if self._joined is None:
            starts: list[int] = []
            position = 0
            for text in self._texts:
                starts.append(position)
                position += len(text) + 1
            starts.append(position)  # one past the end, so the next text's start always exists
            self._joined = ("\n".join(self._texts), starts)
        return self._joined

    def _find(self, word: str, limit: int | None = None,
              should_stop: Callable[[], bool] | None = None) -> tuple[list[int], bool] | None:
        """The rows containing ``word`` (at most ``limit``) and whether that was all of them.

        Searches the joined text in C from one match to the next, so rows without the word
        cost nothing in Python (a case number of 2025 far down a list sorted newest first).
        """
        joined, starts = self._joined_texts()
        find = joined.find
        found: list[int] = []
        position = find(word)
        while position >= 0:
            row = bisect_right(starts, position) - 1
            found.append(row)
            position = find(word, starts[row + 1])
            if len(found) == limit:
                return found, position < 0
            if should_stop is not None and not len(found) % CHUNK and should_stop():
                return None
        return found, True

    def __len__(self) -> int:
        return len(self._texts)

    @staticmethod
    def words(text: str) -> tuple[str, ...]:
        """The distinct words of a filter text (a repeated word asks nothing more)."""
        return tuple(dict.fromkeys(filter_words(text)))

    def rows(self, text: str, should_stop: Callable[[], bool] | None = None) -> Sequence[int] | None:
        """Every matching row in loaded order (all rows for an empty filter).

        Returns None, remembering nothing, if ``should_stop()`` became true on the way.
        """
        wanted = self.words(text)
        if not wanted:
            return self._all
        known = self._known(wanted)
        if known is not None:
            return known
        candidates, to_test = self._narrowest_known(wanted)
        texts = self._texts
        if candidates is self._all and to_test:
            joined, _ = self._joined_texts()
            if joined.count(to_test[0]) * 4 < len(texts):  # few matches: jump between them
                jumped = self._find(to_test[0], should_stop=should_stop)
                if jumped is None:
                    return None
                candidates, to_test = jumped[0], to_test[1:]
        for word in to_test:  # one pass per word over the survivors of the previous one
            found: list[int] = []
            for start in range(0, len(candidates), CHUNK):
                if should_stop is not None and should_stop():
                    return None
                found += [i for i in candidates[start:start + CHUNK] if word in texts[i]]
            candidates = found
        self._remember(wanted, candidates)
        return candidates

    def first_rows(self, text: str, limit: int) -> tuple[Sequence[int], bool]:
        """The first ``limit`` matching rows (or all, if known), and whether they are all there are.

        Stops testing once ``limit`` rows matched, so a common word costs a few hundred tests
        instead of a pass over every text. A complete answer is remembered like :meth:`rows`.
        """
        wanted = self.words(text)
        if not wanted:
            return self._all, True
        known = self._known(wanted)
        if known is not None:
            return known, True
        candidates, to_test = self._narrowest_known(wanted)
        texts = self._texts
        if candidates is not self._all and len(candidates) <= WHOLE_AT_ONCE:
            # Typing on from a known answer: the whole answer costs about what a screenful would
            # (a tight loop per word), and then no background pass is needed.
            for word in to_test:
                candidates = [i for i in candidates if word in texts[i]]
            self._remember(wanted, candidates)
            return candidates, True
        if candidates is self._all and len(to_test) == 1:
            # Matches may all lie far down the list: jump between them instead of testing each text.
            jumped = self._find(to_test[0], limit)
            assert jumped is not None
            first, complete = jumped
            if complete:
                self._remember(wanted, first)
            return first, complete
        found: list[int] = []
        for i in candidates:
            text_i = texts[i]
            if all(w in text_i for w in to_test):
                found.append(i)
                if len(found) == limit:
                    # The last candidate was reached: nothing more can match.
                    complete = i == candidates[-1]
                    if complete:
                        self._remember(wanted, found)
                    return found, complete
        self._remember(wanted, found)
        return found, True

    def _known(self, wanted: tuple[str, ...]) -> Sequence[int] | None:
        with self._lock:
            known = self._recent.get(wanted)
            if known is not None:
                self._recent.move_to_end(wanted)
            return known

    def _narrowest_known(self, wanted: tuple[str, ...]) -> tuple[Sequence[int], list[str]]:
        """The fewest rows known to include the answer, and the words still to test on them.

        An earlier answer for the words ``old`` includes the answer for ``wanted`` when every
        old word lies inside some wanted word (typing on extends a word or adds one). The
        longest words come first: they usually rule out the most cases for the rest.
        """
        best: Sequence[int] = self._all
        best_words: tuple[str, ...] = ()
        with self._lock:
            recent = list(self._recent.items())
        for old, rows in recent:
            if len(rows) < len(best) and all(any(o in w for w in wanted) for o in old):
                best, best_words = rows, old
        to_test = sorted((w for w in wanted if w not in best_words), key=len, reverse=True)
        return best, to_test

    def _remember(self, words: tuple[str, ...], rows: Sequence[int]) -> None:
        with self._lock:
            self._recent[words] = rows
            while len(self._recent) > REMEMBERED:
                self._recent.popitem(last=False)
