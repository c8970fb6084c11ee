"""Type-to-filter in memory: which of the loaded cases contain every word typed so far.

The case list loads every case of its query once, with the text the filter searches (see
:func:`adjudicator.cases.listing.query_case_keys_and_texts`); each keystroke is then answered
here without the database, by the rule of the SQL filter
(:func:`adjudicator.cases.service.where_clauses`): a case matches when its search text contains
every word of :func:`~adjudicator.cases.query.filter_words`.

A keystroke must be answered within a frame (16 ms) over 100,000 cases, but testing 100,000
texts of some 80 characters takes 10–15 ms by itself. So the answer comes in two parts:

* :meth:`TextFilter.first_rows` tests texts in order only until a screenful has matched — a
  few hundred texts for a common character such as 张 — and the list shows those at once;
* :meth:`TextFilter.rows` then finds the rest (the case list runs it in the background and
  appends the rows), stopping early when a newer keystroke makes it pointless.

Both start from the fewest cases that can still match: typing usually *extends* the filter, and
then only the cases that matched before are tested again; recent answers are remembered, so a
backspace returns at once. No Qt and no SQLAlchemy here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from adjudicator.cases.query import filter_words

#: How many recent complete answers are kept (each at most one list of row numbers).
REMEMBERED = 24
#: Texts tested between two looks at ``should_stop`` (about a millisecond's work).
CHUNK = 8192


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
