"""Ed25519 key pairs of stations and supervisors, the key files they exchange, the trust registry.

Where the private key lives: in a file beside the SQLite database (``station.db.key``, PEM,
readable by its owner only), never inside the database. The database file is what gets copied
around — backups, a colleague's copy, a package snapshot by mistake — and a key inside it would
travel with every copy; the key file stays on the station's computer. A database on a server
(PostgreSQL) keeps its key in this user's data directory, named after the database's URL.
``ADJUDICATOR_KEY_FILE`` overrides the place (a removable key, a different mount point);
``ADJUDICATOR_KEY_DIR`` the folder of server databases' keys.

A key file (``.pubkey.json``) carries only the public key, the station's code and name and its
fingerprint: the first 20 bytes of SHA-256 of the raw public key in ten groups of four hex
digits, short enough to read out over the phone and check against the other screen.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select

from adjudicator.errors import DomainError
from adjudicator.store import Database
from adjudicator.store.base import utcnow
from adjudicator.store.models_sync import SUPERVISOR_OWNER, StationKey

KEY_FILE_ENV = "ADJUDICATOR_KEY_FILE"
#: Where the keys of server databases are kept (default: this user's data directory).
KEY_DIR_ENV = "ADJUDICATOR_KEY_DIR"
KEY_FILE_FORMAT = "adjudicator-public-key"
#: Settings: this database's own public key (hex), and on a station the supervisors' key it trusts.
OWN_KEY_SETTING = "sync.public_key"
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


def fingerprint(public_key_hex: str) -> str:
    """``1a2b 3c4d …``: 20 bytes of SHA-256 of the raw key, in groups of four hex digits."""
    digest = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:40]
    return " ".join(digest[i:i + 4] for i in range(0, 40, 4))


def _raw_public(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def key_path(db: Database) -> Path:
    """Where this database's private key is kept (see the module docstring)."""
    override = os.environ.get(KEY_FILE_ENV)
    if override:
        return Path(override).expanduser()
    if db.path is not None:
        return db.path.with_name(db.path.name + ".key")
    name = hashlib.sha256(db.url.encode("utf-8")).hexdigest()[:16]
    folder = os.environ.get(KEY_DIR_ENV) or Path(platformdirs.user_data_dir("adjudicator", appauthor=False)) / "keys"
    return Path(folder) / f"{name}.key"


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created owner-only from the start: never a moment when others may read it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
        out.flush()
        os.fsync(out.fileno())


def _read_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise DomainError(f"找不到本数据库的签名密钥文件“{path}”；请把它放回原处，"
                          "或在新电脑上重新初始化后请市局重新登记本所的公钥。") from None
    except (ValueError, OSError) as exc:
        raise DomainError(f"签名密钥文件“{path}”无法读取（{exc}）；请从备份中恢复它。") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise DomainError(f"签名密钥文件“{path}”不是 Ed25519 密钥；请从备份中恢复它。")
    return key


def ensure_key_pair(db: Database) -> str:
    """This database's public key (hex), creating the key pair on first use."""
    current = db.get_setting(OWN_KEY_SETTING)
    path = key_path(db)
    if current:
        if not path.exists():
            _read_private(path)  # raises the sentence about the missing file
        return str(current)
    if path.exists():  # a key file without its setting: adopt it (a database set up again)
        public = _raw_public(_read_private(path).public_key())
    else:
        private = Ed25519PrivateKey.generate()
        _write_private(path, private)
        public = _raw_public(private.public_key())
    db.set_setting(OWN_KEY_SETTING, public)
    return public


def private_key(db: Database) -> Ed25519PrivateKey:
    """The private key that signs this database's packages; it must match the recorded public key."""
    public = ensure_key_pair(db)
    key = _read_private(key_path(db))
    if _raw_public(key.public_key()) != public:
        raise DomainError(f"签名密钥文件“{key_path(db)}”与本数据库登记的公钥不符；请找回原来的密钥文件。")
    return key


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
