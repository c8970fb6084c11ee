"""The case list's table model (案件列表): an ordered list of case ids and a cache of fetched rows.

Like Anki's browser table, the model never holds the cases themselves: a query yields the ids
in display order (``rowCount`` is their number), and ``data()`` fetches the row it needs
together with its neighbours — one block of :data:`BLOCK_SIZE` ids through
:func:`adjudicator.cases.service.case_rows` — so scrolling through 100,000 cases costs one
small query per screenful. The ids are kept as text and turned into UUIDs only for the rows shown. Sorting re-runs the
query in the database with a new
:class:`CaseQuery.sort <adjudicator.cases.query.CaseQuery>`.

At start-up the model may exist before the database is open (and before SQLAlchemy is
imported): it then shows the first look the application read from the file
(:meth:`CaseTableModel.show_first_look`), remembers any query asked meanwhile, and asks the
database once :meth:`CaseTableModel.attach` hands it over.

Over 400 lines: the columns, the block cache and the background loading all serve one
``QAbstractTableModel`` whose methods Qt calls; splitting them would spread one object's state.
The queries it runs (in the background) live in :mod:`ui.case_loading`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from adjudicator.cases.filtering import TextFilter
from adjudicator.cases.first_page import read_first_page
from adjudicator.cases.query import CaseQuery
from ui import case_loading, labels
from ui.worker import Worker, run_in_background

if TYPE_CHECKING:
    from adjudicator.database import Database

BLOCK_SIZE = 200
#: Rows shown at once when the filter text changes; the rest follow from the background.
FIRST_ROWS = 60
#: Rows kept in the cache before it is emptied (a few thousand rows: a few MB at most).
CACHE_LIMIT = 5000

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str  # the case_rows / CaseQuery.sort key
    title: str
    width: int
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


COLUMNS: tuple[Column, ...] = (
    Column("case_no", "案号", 210),
    Column("kind", "类型", 90),
    Column("party_summary", "当事人", 360),
    Column("patent_no", "专利号", 160),
    Column("received_on", "收到日期", 100, Qt.AlignmentFlag.AlignCenter),
    Column("status", "状态", 100, Qt.AlignmentFlag.AlignCenter),
    Column("handler", "承办人", 80),
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}

#: The role carrying a row's case id (a :class:`uuid.UUID`).
CaseIdRole = Qt.ItemDataRole.UserRole + 1
#: The raw status code of a row (the delegate draws the status pill with it).
StatusRole = Qt.ItemDataRole.UserRole + 2


class CaseTableModel(QAbstractTableModel):
    """Cases matching a :class:`CaseQuery`, as rows fetched lazily in blocks."""

    #: The query finished and the rows are in place: ``(number of cases)``.
    loaded = Signal(int)
    #: A query started (True) or finished (False): the view may show a busy cursor.
    busy = Signal(bool)

    def __init__(self, db: Database | None, parent: QObject | None = None):
        super().__init__(parent)
        self._db = db
        #: The query whose first screenful shows from the first look (until the database is attached).
        self._looked: CaseQuery | None = None
        self._query = CaseQuery()
        self._keys: list[str] = []  # the ids as text (see listing.query_case_keys)
        self._row_of: dict[str, int] | None = None
        #: The list columns of every case of the loaded list (see :func:`ui.case_loading.load_base`), by key.
        self._loaded: dict[str, Sequence[Any]] = {}
        #: Rows read before the whole list was (the first look, blocks fetched), by key; emptied when full.
        self._cache: dict[str, Sequence[Any]] = {}
        self._shown_cache: dict[str, tuple[str, ...]] = {}  # the display texts of rows shown
        self._generation = 0
        self._running: Worker[Any] | None = None
        #: The current query without its filter text: (that query, its keys in order, their filter).
        #: Each keystroke narrows this list in memory, its rows served from ``_loaded``.
        self._base: tuple[CaseQuery, list[str], TextFilter] | None = None
        self._titles: tuple[str, ...] | None = None
        self._deleted_font = QFont()
        self._deleted_font.setStrikeOut(True)
        #: How the search for the rest of a keystroke's matches is started. A view sets this to
        #: "once the first screenful has painted": run at once, the search thread would compete
        #: with painting for the GIL (every cell asks :meth:`data` in Python), doubling the paint.
        self.defer_rest: Callable[[Callable[[], None]], None] = lambda start: start()

    # -- the query ---------------------------------------------------------------------------------

    @property
    def query(self) -> CaseQuery:
        return self._query

    @property
    def is_loading(self) -> bool:
        return self._running is not None and not self._running.done

    def show_first_look(self, keys: list[str], rows: dict[str, dict[str, Any]]) -> bool:
        """Show the newest cases read at start-up, before the database is attached.

        False (nothing shown) if the list already asks for something else (a sort restored
        from the last session): the first look holds the newest cases only.
        """
        if self._db is not None or self._query != CaseQuery():
            return False
        self._looked = self._query
        self._set_keys(keys, final=False, rows=rows)
        self.busy.emit(True)
        return True

    def attach(self, db: Database) -> None:
        """The database is open: ask it for the whole list (the first look stays where it is)."""
        self._db = db
        looked, self._looked = self._looked, None
        self.refresh(first_page_shown=looked == self._query)

    def set_query(self, query: CaseQuery, *, reload: bool = False) -> None:
        """Show the cases matching ``query`` (``reload``: the data changed, ask the database again).

        A change of the filter text alone is answered in memory from the list already loaded
        (see :meth:`refresh`); anything else asks the database in the background.
        """
        self._query = query
        if not reload and self._base is not None and self._base[0] == replace(query, text=""):
            self._filter_in_memory()
        else:
            self.refresh()

    def _filter_in_memory(self) -> None:
        """Narrow the loaded list to the filter text: a screenful now, the rest in the background.

        The cached rows stay: the cases are the same, only which of them are shown changed.
        """
        assert self._base is not None
        self._generation += 1  # any query still running is now stale
        generation = self._generation
        if self._running is not None and not self._running.done:
            self._running.cancel()
        _, keys, text_filter = self._base
        text = self._query.text
        rows, complete = text_filter.first_rows(text, FIRST_ROWS)
        self._set_keys(_pick(keys, rows), final=complete, keep_cache=True)
        if complete:
            return

        def stale() -> bool:
            return generation != self._generation

        def rest_found(all_rows: Sequence[int] | None) -> None:
            if all_rows is not None and not stale():
                self._extend_keys(_pick(keys, all_rows))

        def find_rest() -> None:
            if not stale():
                self._running = run_in_background(text_filter.rows, text, stale, on_success=rest_found,
                                                  on_failure=self._failed_for(generation))

        self.busy.emit(True)
        self.defer_rest(find_rest)

    def refresh(self, *, first_page_shown: bool = False) -> None:
        """Run the current query again; cached rows are dropped, since they may have changed.

        Two steps, both in the background: without a filter text, the first screenful of ids
        (a few milliseconds even among 100,000 cases, the sort columns being indexed); then every
        case of the query *without* its filter text, with the text the filter searches, kept in
        memory so that each keystroke in the filter box narrows the list without a query.
        ``first_page_shown``: the rows shown are the query's first screenful, fresh: keep them.
        Without a database yet, the query waits for :meth:`attach`.
        """
        if self._db is None:
            return
        db = self._db
        self._generation += 1
        generation = self._generation
        self._base = None
        if self._running is not None and not self._running.done:
            self._running.cancel()
        self.busy.emit(True)
        query = self._query
        base_query = replace(query, text="")

        def first_page(keys: list[str]) -> None:
            if generation != self._generation:  # a newer query supersedes this answer
                return
            self._set_keys(keys, final=False)
            load_base()

        def load_base() -> None:
            self._running = run_in_background(case_loading.load_base, db, base_query,
                                              on_success=base_loaded, on_failure=failed)

        def base_loaded(result: tuple[list[str], TextFilter, dict[str, Sequence[Any]]]) -> None:
            if generation != self._generation:
                return
            keys, text_filter, loaded = result
            self._base = (base_query, keys, text_filter)
            self._loaded = loaded
            self._cache.clear()  # every row is in the loaded list now, as fresh as it gets
            self._shown_cache.clear()
            if self._query.text:
                self._filter_in_memory()
            else:
                self._extend_keys(list(keys))

        failed = self._failed_for(generation)

        page = None if first_page_shown else self._first_page_from_file(query)
        if first_page_shown:
            load_base()
        elif page is not None:
            keys, rows = page
            self._set_keys(keys, final=False, rows=rows)
            load_base()
        elif query.text:
            load_base()
        else:
            self._running = run_in_background(case_loading.first_keys, db, query, BLOCK_SIZE,
                                              on_success=first_page, on_failure=failed)

    def _failed_for(self, generation: int) -> Callable[[BaseException], None]:
        """The failure callback of a background step of query ``generation``."""

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.busy.emit(False)
            from ui.errors import show_exception

            show_exception(None, exc)

        return failed

    def _first_page_from_file(self, query: CaseQuery) -> tuple[list[str], dict[str, dict[str, Any]]] | None:
        """The newest cases and their rows read directly from a SQLite file (see :mod:`first_page`).

        Only for the list as it opens (the default query); None otherwise or if unreadable.
        """
        path = self._db.path if self._db is not None else None
        if path is None or query != CaseQuery():
            return None
        return read_first_page(path, BLOCK_SIZE)

    def _set_keys(self, keys: list[str], final: bool, keep_cache: bool = False,
                  rows: dict[str, dict[str, Any]] | None = None) -> None:
        """Show ``keys``; ``rows``: their list columns, already read (put in the cache)."""
        self.beginResetModel()
        self._keys = keys
        self._row_of = None
        if not keep_cache:
            self._loaded = {}
            self._cache.clear()
            self._shown_cache.clear()
        if rows:
            self._cache.update((key, _as_row(key, values)) for key, values in rows.items())
        self.endResetModel()
        if final:
            self._finished()

    def _extend_keys(self, keys: list[str]) -> None:
        """Replace the first page by the full list: rows appended if it begins with the same ids."""
        shown = len(self._keys)
        if keys[:shown] == self._keys:
            if len(keys) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(keys) - 1)
                self._keys = keys
                self._row_of = None
                self.endInsertRows()
            self._finished()
        else:
            self._set_keys(keys, final=True)

    def _finished(self) -> None:
        self.busy.emit(False)
        self.loaded.emit(len(self._keys))

    def set_ids(self, ids: list[uuid.UUID]) -> None:
        """Show exactly these cases, in this order (for callers that already have the ids)."""
        from adjudicator.cases import listing

        assert self._db is not None
        self._generation += 1
        self._set_keys([listing.id_to_key(self._db, i) for i in ids], final=True)

    def case_id(self, row: int) -> uuid.UUID | None:
        return uuid.UUID(self._keys[row]) if 0 <= row < len(self._keys) else None

    def case_ids(self) -> list[uuid.UUID]:
        """Every id shown, in order (converts them all: for tests and small lists)."""
        return [uuid.UUID(k) for k in self._keys]

    def row_of(self, case_id: uuid.UUID) -> int | None:
        """The row showing ``case_id``, or None if the current query does not include it."""
        if not self._keys:
            return None
        if self._row_of is None:
            self._row_of = {key: i for i, key in enumerate(self._keys)}
        hexed = case_id.hex if len(self._keys[0]) == 32 else str(case_id)
        return self._row_of.get(hexed)

    def case_row(self, row: int) -> dict[str, Any] | None:
        """The list columns of one row by name (fetched with its block if not loaded), with its ``id``."""
        values = self._values(row)
        if values is None:
            return None
        if not values:
            return {}
        found = dict(zip(listing_fields(), values[2:], strict=True))
        found["key"] = values[0]
        found["id"] = uuid.UUID(values[0])
        return found

    def _values(self, row: int) -> Sequence[Any] | None:
        """A row as :data:`listing.LIST_FIELDS` lays it out, after its key and search text.

        Empty for a case gone since the query; None for a row not in the list.
        """
        if not 0 <= row < len(self._keys):
            return None
        key = self._keys[row]
        values = self._loaded.get(key) or self._cache.get(key)
        if values is None:
            self._fetch_block(row)
            values = self._cache.get(key)
        return values

    def _fetch_block(self, row: int) -> None:
        if self._db is None:  # the first look holds every row it shows
            return
        from adjudicator.cases import listing

        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
            self._shown_cache.clear()
        start = (row // BLOCK_SIZE) * BLOCK_SIZE
        keys = [k for k in self._keys[start:start + BLOCK_SIZE] if k not in self._cache]
        fetched = listing.case_rows_by_keys(self._db, keys)
        for key in keys:
            # A case gone since the query (hard to imagine, but cheap to survive) shows as blank.
            values = fetched.get(key)
            self._cache[key] = _as_row(key, values) if values else ()

    # -- QAbstractTableModel -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == _DISPLAY:  # asked again after every reset of the list: translated once
            if self._titles is None:
                self._titles = tuple(self.tr(column.title) for column in COLUMNS)
            return self._titles[section]
        if role == _ALIGNMENT:
            return _ALIGNMENTS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting a screenful asks this some 1,200 times (every role of every cell), so the
        # roles are compared as plain ints and each row's texts are worked out once.
        if role == _DISPLAY:
            shown = self._shown(index.row())
            return shown[index.column()] if shown else None
        if role == _ALIGNMENT:
            return _ALIGNMENTS[index.column()] if index.isValid() else None
        if role == _STATUS:
            values = self._values(index.row())
            return values[_STATUS_AT] if values else None
        if role == _FONT:
            return self._deleted_font if self._query.deleted and index.isValid() else None
        if role == _CASE_ID:
            return self.case_id(index.row())
        if role == _TOOLTIP:
            values = self._values(index.row())
            if not values:
                return None
            key = COLUMNS[index.column()].key
            return labels.cell_tooltip(key, values[_FIELD_AT[key]])
        return None

    #: The status column and each column's alignment (an int), for the row painter (ui.case_painter).
    status_column = 0  # set below, once the columns are known
    alignments: tuple[int, ...] = ()

    @property
    def showing_deleted(self) -> bool:
        """The rows are deleted cases (painted struck out)."""
        return self._query.deleted

    def row_texts(self, row: int) -> tuple[tuple[str, ...], str] | None:
        """What the row painter draws of a row: its texts column by column and its status code."""
        shown = self._shown(row)
        if shown is None:
            return None
        return shown, shown[_STATUS_CODE]

    def _shown(self, row: int) -> tuple[str, ...] | None:
        """The display texts of one row, column by column (None if it is not in the list)."""
        if not 0 <= row < len(self._keys):
            return None
        key = self._keys[row]
        shown = self._shown_cache.get(key)
        if shown is None:
            values = self._values(row)
            if not values:
                return None
            if len(self._shown_cache) > CACHE_LIMIT:
                self._shown_cache.clear()
            # The status code rides along after the columns' texts (the painter draws its pill).
            status = values[_STATUS_AT]
            shown = (*(labels.cell_text(c.key, values[_FIELD_AT[c.key]]) for c in COLUMNS), str(status or ""))
            self._shown_cache[key] = shown
        return shown

    # flags(): Qt's own (enabled, selectable, no children) — not overridden, since painting
    # asks it for every cell and a Python override costs a call into Python each time.

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-run the query sorted by ``column`` (the database sorts, not Python)."""
        if not 0 <= column < len(COLUMNS):
            return
        query = replace(self._query, sort=COLUMNS[column].key,
                        descending=order == Qt.SortOrder.DescendingOrder)
        if query != self._query:
            self.set_query(query)


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_STATUS = int(StatusRole)
_CASE_ID = int(CaseIdRole)
_STATUS_COLUMN = COLUMN_INDEX["status"]
_STATUS_CODE = len(COLUMNS)  # where a row's shown texts keep its status code


def listing_fields() -> tuple[str, ...]:
    """The list columns a row holds after its key and search text (:data:`listing.LIST_FIELDS`)."""
    return _FIELDS


#: As :data:`adjudicator.cases.listing.LIST_FIELDS` (not imported: it would import SQLAlchemy at start-up;
#: a test compares the two).
_FIELDS = ("case_no", "kind", "party_summary", "patent_no", "received_on", "status", "handler",
           "owner_station", "version")
_FIELD_AT = {name: i + 2 for i, name in enumerate(_FIELDS)}
_STATUS_AT = _FIELD_AT["status"]


def _as_row(key: str, values: dict[str, Any]) -> tuple[Any, ...]:
    """A row read by name (the first look, a fetched block) laid out as the loaded list's rows."""
    return (key, "", *(values.get(name) for name in _FIELDS))
_ALIGNMENTS = tuple(int(c.align | Qt.AlignmentFlag.AlignVCenter) for c in COLUMNS)
CaseTableModel.status_column = _STATUS_COLUMN
CaseTableModel.alignments = _ALIGNMENTS


def _pick(keys: list[str], rows: Sequence[int]) -> list[str]:
    """The keys at these positions (the list itself when every position is asked for)."""
    if isinstance(rows, range) and len(rows) == len(keys):
        return keys
    return list(map(keys.__getitem__, rows))
