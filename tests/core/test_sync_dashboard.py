"""The deadline dashboard on a supervisor's database: every station's deadlines, each with its station."""

from __future__ import annotations

from pathlib import Path

from adjudicator.cases import service as S
from adjudicator.procedure.dashboard import BoardQuery, deadline_board
from adjudicator.sync.importer import import_packages
from tests.core.sync_helpers import TODAY, make_station, make_supervisor
from tests.core.sync_helpers import key_dir  # noqa: F401  (autouse fixture)


def test_supervisor_board_names_and_filters_stations(tmp_path: Path, db_url: str) -> None:
    stations = [make_station(tmp_path, code, 12, seed=seed) for code, seed in (("01", 5), ("04", 6))]
    sup = make_supervisor(db_url, tmp_path, stations)
    assert import_packages(sup, [st.export() for st in stations]).ok

    board = deadline_board(sup, today=TODAY)
    assert board.stations == ("01", "04")
    for row in board.rows:
        assert row.station == S.get_case(sup, row.case_id).owner_station
    only = board.filtered(BoardQuery(stations=("04",)))
    assert only and len(only) < len(board.rows) and {r.station for r in only} == {"04"}
    assert deadline_board(sup, BoardQuery(stations=("04",)), today=TODAY).rows == tuple(only)
    assert only[0].to_json()["station"] == "04"

    own = deadline_board(stations[0].db, today=TODAY)  # a station's own board has no station column
    assert own.rows and own.stations == () and {r.station for r in own.rows} == {""}
    for db in (sup, *(st.db for st in stations)):
        db.close()
