"""The station registry (裁决所名录) and initialising a database for a station or a supervisor.

The nine stations ship in ``resources/stations.json`` as reference data. It is copied into
each database on ``init`` (a supervisor-owned table, so a later update flows down to the
stations with the supervisor's packages).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from adjudicator.errors import DomainError
from adjudicator.paths import resource
from adjudicator.store import Database
from adjudicator.store.models import Station

#: ``owner_station`` of supervisor-owned reference data.
SUPERVISOR = "SUP"


@dataclass(frozen=True)
class StationInfo:
    code: str
    name: str
    office_name: str
    doc_prefix: str
    address: str = ""
    phone: str = ""
    court: str = ""


@lru_cache(maxsize=1)
def shipped_registry() -> tuple[StationInfo, ...]:
    """The registry shipped with the program."""
    data: dict[str, Any] = json.loads(resource("stations.json").read_text(encoding="utf-8"))
    return tuple(StationInfo(**row) for row in data["stations"])


def _info(row: Station) -> StationInfo:
    return StationInfo(
        code=row.code, name=row.name, office_name=row.office_name, doc_prefix=row.doc_prefix,
        address=row.address, phone=row.phone, court=row.court,
    )


def registry(db: Database) -> list[StationInfo]:
    """The stations known to this database (the shipped list until a supervisor changes it)."""
    with db.session() as s:
        rows = s.scalars(select(Station).where(Station.deleted_at.is_(None)).order_by(Station.code)).all()
    return [_info(r) for r in rows] or list(shipped_registry())


def station(db: Database, code: str | None = None) -> StationInfo:
    """One station by code (default: this database's own station)."""
    code = code or db.station_code
    if not code:
        raise DomainError("本数据库尚未指定裁决所；请先运行 adjudicator init --station 代码，或在程序中选择裁决所。")
    for info in registry(db):
        if info.code == code:
            return info
    codes = "、".join(i.code for i in registry(db))
    raise DomainError(f"未知的裁决所代码 {code}；可用的代码：{codes}。")


def _seed_registry(db: Database) -> None:
    with db.write(actor="系统") as s:
        existing = set(s.scalars(select(Station.code)))
        for info in shipped_registry():
            if info.code not in existing:
                s.add(Station(owner_station=SUPERVISOR, **info.__dict__))


def init_station(db: Database, code: str, *, user: str | None = None, name: str | None = None) -> StationInfo:
    """Make this database the station ``code``'s own; refuses to change an initialised database."""
    _seed_registry(db)
    info = station(db, code)
    current = db.station_code
    if db.role == "supervisor":
        raise DomainError("该数据库是市局监督数据库，不能再设为裁决所数据库。")
    if current and current != code:
        raise DomainError(f"该数据库已属于裁决所 {current}，不能改为 {code}；请为新裁决所另建数据库。")
    if name and name != info.name:
        with db.write() as s:
            row = s.scalars(select(Station).where(Station.code == code)).one()
            row.name = name
        info = station(db, code)
    db.set_setting("station_code", code)
    db.set_setting("role", "station")
    if user:
        db.set_setting("last_user", user)
    return info


def init_supervisor(db: Database, *, name: str | None = None) -> None:
    """Make this database a supervisor's (市局) database that merges the stations' packages."""
    if db.role == "station":
        raise DomainError("该数据库已属于一个裁决所，不能改为市局监督数据库；请另建数据库。")
    _seed_registry(db)
    db.set_setting("role", "supervisor")
    db.set_setting("supervisor_name", name or "呼和浩特市市场监督管理局")


def check_document_authority(office_name: str | None, court: str | None) -> None:
    """Refuse an empty authority name or a court that cannot hear patent administrative cases (None: not given)."""
    if office_name is not None and not office_name.strip():
        raise DomainError("请填写文书上署名的机关名称，如：呼和浩特市新城区市场监督管理局。")
    where = court.strip() if court is not None else None
    if where is not None and not where.endswith("人民法院"):
        raise DomainError(f"“{where}”不是人民法院的名称；请写全称，如：呼和浩特市中级人民法院。")
    if where is not None and where.endswith("区人民法院"):
        raise DomainError("专利行政案件的第一审由有专利案件管辖权的中级人民法院管辖，请填写中级人民法院，如：呼和浩特市中级人民法院。")


def set_document_authority(db: Database, *, office_name: str | None = None, court: str | None = None,
                           code: str | None = None) -> StationInfo:
    """Change the issuing authority printed on a station's documents or the court its remedy sentences name.

    Both are reference data (the stations table) that a supervisor's package later carries to every
    station. The court of first instance for administrative cases about patents is the intermediate
    court with patent jurisdiction (default 呼和浩特市中级人民法院), not a basic district court.
    """
    info = station(db, code)
    name = office_name.strip() if office_name is not None else None
    where = court.strip() if court is not None else None
    check_document_authority(name, where)
    with db.write() as s:
        row = s.scalars(select(Station).where(Station.code == info.code)).one()
        if name is not None and row.office_name != name:
            row.office_name = name
        if where is not None and row.court != where:
            row.court = where
    return station(db, info.code)
