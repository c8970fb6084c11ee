"""A database's own Ed25519 key pair: where the private key lives, creating it, reading it back.

Where the private key lives: in a file beside the SQLite database (``station.db.key``, PEM,
readable by its owner only), never inside the database. The database file is what gets copied
around — backups, a colleague's copy, a package snapshot by mistake — and a key inside it would
travel with every copy; the key file stays on the station's computer. A database on a server
(PostgreSQL) keeps its key in this user's data directory, named after the database's URL.
``ADJUDICATOR_KEY_FILE`` overrides the place (a removable key, a different mount point);
``ADJUDICATOR_KEY_DIR`` the folder of server databases' keys.

The same key signs a station's export packages (:mod:`adjudicator.sync`) and the documents it
issues (:mod:`adjudicator.documents.signing`); it sits here, below both, so issuing can reach it.
Whoever can read the key file can sign as the station: on a shared computer, the operating
system's account is the boundary.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import platformdirs
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from adjudicator.errors import DomainError
from adjudicator.store import Database
from adjudicator.store.models import Setting
from adjudicator.store.models_sync import StationKey

KEY_FILE_ENV = "ADJUDICATOR_KEY_FILE"
#: Where the keys of server databases are kept (default: this user's data directory).
KEY_DIR_ENV = "ADJUDICATOR_KEY_DIR"
#: Setting: this database's own public key (hex).
OWN_KEY_SETTING = "sync.public_key"


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


def private_key_in(s: Session, db: Database) -> Ed25519PrivateKey:
    """:func:`private_key` inside the open write session ``s`` (creating the pair records its setting there).

    Issuing a document signs inside its write transaction; a second transaction for the setting
    would wait on the first (SQLite has one writer). If ``s`` rolls back, a key file just created
    stays without its setting and is adopted on next use, as :func:`ensure_key_pair` does.
    """
    path = key_path(db)
    row = s.get(Setting, OWN_KEY_SETTING)
    if row is not None and row.value:
        key = _read_private(path)
        if _raw_public(key.public_key()) != row.value:
            raise DomainError(f"签名密钥文件“{path}”与本数据库登记的公钥不符；请找回原来的密钥文件。")
        return key
    try:
        key = Ed25519PrivateKey.generate()
        _write_private(path, key)
    except FileExistsError:  # made before (a rolled-back first issue), or by another writer just now: adopt it
        key = _read_private(path)
    except OSError as exc:
        raise DomainError(f"无法创建签名密钥文件“{path}”（{exc.strerror or exc}）；请检查该文件夹的权限。") from None
    if row is None:
        s.add(Setting(key=OWN_KEY_SETTING, value=_raw_public(key.public_key())))
    else:
        row.value = _raw_public(key.public_key())
    return key


def public_keys_in(s: Session, own_code: str | None) -> dict[str, str]:
    """The public keys (hex) this database knows, by station code: the registered stations', and its own."""
    keys = {row.code: row.public_key for row in s.scalars(select(StationKey))}
    own = s.get(Setting, OWN_KEY_SETTING)
    if own_code and own is not None and own.value:
        keys[own_code] = str(own.value)
    return keys
