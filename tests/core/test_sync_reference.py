"""Reference data down to the stations: the registry and document settings, signed by the supervisors."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from adjudicator.stations.registry import init_supervisor, station
from adjudicator.store import open_database
from adjudicator.store.models import Station as StationRow
from adjudicator.sync.export import export_reference
from adjudicator.sync.importer import import_packages
from adjudicator.sync.keys import trust_supervisor, write_key_file
from tests.core.sync_helpers import key_dir  # noqa: F401  (autouse fixture)
from tests.core.sync_helpers import make_station

COURT = "呼和浩特市中级人民法院"


def test_station_takes_reference_data_only_from_its_supervisor(tmp_path: Path, db_url: str) -> None:
    sup = open_database(db_url)
    init_supervisor(sup)
    impostor = open_database(tmp_path / "impostor.db")
    init_supervisor(impostor, name="冒名的市局")
    st = make_station(tmp_path, "01", 0, seed=1)
    with sup.write() as s:
        row = s.scalars(select(StationRow).where(StationRow.code == "01")).one()
        row.court = COURT
    package = export_reference(sup, tmp_path / "reference.zip").path
    fake = export_reference(impostor, tmp_path / "fake.zip").path

    refused = import_packages(st.db, [package]).outcomes[0]
    assert refused.check == "unknown-signer" and "trust-supervisor" in refused.message
    write_key_file(sup, tmp_path / "sup.pubkey.json")
    trust_supervisor(st.db, tmp_path / "sup.pubkey.json")

    run = import_packages(st.db, [fake, package, package])
    assert [o.status for o in run.outcomes] == ["refused", "imported", "repeat"]
    assert run.outcomes[0].check == "signature"
    assert station(st.db, "01").court == COURT
    assert station(st.db).name == "新城区知识产权行政裁决所"
    # The station's own package cannot go the wrong way.
    wrong = import_packages(sup, [package]).outcomes[0]
    assert wrong.check == "kind"
    for db in (sup, impostor, st.db):
        db.close()
