"""Ed25519 key pairs of stations and supervisors, the key files they exchange, the trust registry.

The private key itself — where it lives, who can read it, creating it — is
:mod:`adjudicator.stations.keys` (issuing documents signs with it too); its names are
re-exported here for the package code and the command line.

A key file (``.pubkey.json``) carries only the public key, the station's code and name and its
fingerprint: the first 20 bytes of SHA-256 of the raw public key in ten groups of four hex
digits, short enough to read out over the phone and check against the other screen.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select

from adjudicator.errors import DomainError
from adjudicator.stations.keys import (  # noqa: F401  (re-exported: the sync code and CLI use these names)
    KEY_DIR_ENV,
    KEY_FILE_ENV,
    OWN_KEY_SETTING,
    ensure_key_pair,
    fingerprint,
    key_path,
    private_key,
)
from adjudicator.store import Database
from adjudicator.store.base import utcnow
from adjudicator.store.models_sync import SUPERVISOR_OWNER, StationKey

KEY_FILE_FORMAT = "adjudicator-public-key"
#: Setting: on a station, the supervisors' public key (hex) it trusts.
SUPERVISOR_KEY_SETTING = "sync.supervisor_key"


@dataclass(frozen=True)
class PublicKeyInfo:
    """A public key as a key file carries it: who it belongs to, the key, its fingerprint."""

    role: str  # "station" or "supervisor"
    code: str  # the station's code, or "SUP"
    name: str
    public_key: str  # hex of the 32 raw bytes
    fingerprint: str

    def as_json(self) -> dict[str, Any]:
        return {"format": KEY_FILE_FORMAT, "version": 1, "role": self.role, "code": self.code,
                "name": self.name, "public_key": self.public_key, "fingerprint": self.fingerprint}


def own_key_info(db: Database) -> PublicKeyInfo:
    """This database's public key with its owner's code and name, as ``station export-key`` writes it."""
    public = ensure_key_pair(db)
    if db.role == "supervisor":
        name = str(db.get_setting("supervisor_name", "市局"))
        return PublicKeyInfo("supervisor", SUPERVISOR_OWNER, name, public, fingerprint(public))
    code = db.station_code
    if not code:
        raise DomainError("本数据库尚未初始化；请先运行 adjudicator init --station 代码。")
    from adjudicator.stations.registry import station

    return PublicKeyInfo("station", code, station(db, code).name, public, fingerprint(public))


def write_key_file(db: Database, target: Path) -> PublicKeyInfo:
    """Write this database's public key file (for the supervisor to register, or a station to trust)."""
    info = own_key_info(db)
    data = json.dumps(info.as_json(), ensure_ascii=False, indent=2).encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        raise DomainError(f"无法写入公钥文件“{target}”：{exc.strerror or exc}；请换一个位置。") from None
    return info


def read_key_file(path: Path) -> PublicKeyInfo:
    """A key file checked for shape: a 32-byte key whose fingerprint matches the one written with it."""
    try:
        if not path.is_file():  # a folder, a device (/dev/zero never ends) or a pipe (never answers)
            raise DomainError(f"“{path}”不是公钥文件；请选择对方导出的 .json 公钥文件。")
        with open(path, "rb") as fh:
            raw = fh.read(100_001)  # a key file is a few hundred bytes: more is not one
    except OSError as exc:
        raise DomainError(f"无法读取公钥文件“{path}”：{exc.strerror or exc}。") from None
    try:
        if len(raw) > 100_000:
            raise ValueError
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != KEY_FILE_FORMAT:
            raise ValueError
        public = str(data["public_key"]).lower()
        if len(bytes.fromhex(public)) != 32:
            raise ValueError
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public))
        info = PublicKeyInfo(str(data["role"]), str(data["code"]), str(data.get("name", "")), public,
                             fingerprint(public))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise DomainError(f"文件“{path}”不是本系统导出的公钥文件；请让对方用 adjudicator station export-key 重新导出。"
                          ) from None
    if str(data.get("fingerprint", "")) != info.fingerprint:
        raise DomainError(f"公钥文件“{path}”中的指纹与公钥不符，文件可能已损坏或被改动；请让对方重新导出。")
    if info.role not in ("station", "supervisor") or not info.code or len(info.code) > 16:
        raise DomainError(f"公钥文件“{path}”没有写明所属的裁决所；请让对方重新导出。")
    return info


def register_station(db: Database, path: Path, *, replace: bool = False) -> PublicKeyInfo:
    """Supervisor: trust packages signed with the key in this station key file."""
    if db.role != "supervisor":
        raise DomainError("只有市局监督数据库才能登记裁决所公钥；请用 --db 指定市局数据库。")
    info = read_key_file(path)
    if info.role != "station":
        raise DomainError(f"文件“{path}”是市局的公钥，不是裁决所的公钥。")
    from adjudicator.stations.registry import registry

    known = {s.code: s for s in registry(db)}
    if info.code not in known:
        raise DomainError(f"公钥文件所属的裁决所代码 {info.code} 不在裁决所名录中；请先核对名录。")
    with db.write() as s:
        row = s.get(StationKey, info.code)
        if row is not None and row.public_key != info.public_key and not replace:
            raise DomainError(
                f"裁决所 {info.code} 已登记了另一把公钥（指纹 {row.fingerprint}）；"
                "如确属该所更换了电脑或密钥，请电话核对新指纹后加 --replace 重新登记。")
        if row is None:
            row = StationKey(code=info.code)
            s.add(row)
        row.name = known[info.code].name
        row.public_key = info.public_key
        row.fingerprint = info.fingerprint
        row.registered_at = utcnow()
        row.registered_by = db.actor
    return info


def registered_stations(db: Database) -> list[StationKey]:
    with db.session() as s:
        return list(s.scalars(select(StationKey).order_by(StationKey.code)))


def trust_supervisor(db: Database, path: Path, *, replace: bool = False) -> PublicKeyInfo:
    """Station: accept reference-data packages signed with this supervisor key (and no other)."""
    if db.role != "station":
        raise DomainError("只有裁决所数据库需要登记市局公钥。")
    info = read_key_file(path)
    if info.role != "supervisor":
        raise DomainError(f"文件“{path}”是裁决所 {info.code} 的公钥，不是市局的公钥。")
    current = db.get_setting(SUPERVISOR_KEY_SETTING)
    if current and current != info.public_key and not replace:
        raise DomainError(f"本所已登记了另一把市局公钥（指纹 {fingerprint(str(current))}）；"
                          "如市局确已更换密钥，请电话核对新指纹后加 --replace 重新登记。")
    db.set_setting(SUPERVISOR_KEY_SETTING, info.public_key)
    return info


def sign(key: Ed25519PrivateKey, data: bytes) -> str:
    return base64.b64encode(key.sign(data)).decode("ascii")


def verify(public_key_hex: str, data: bytes, signature_b64: bytes) -> bool:
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
