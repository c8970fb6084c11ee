"""Password hashes: scrypt (memory-hard, standard library) with a salt of its own per password.

A stored hash names its parameters (``scrypt$n$r$p$salt$hash``), so raising the cost later
leaves older hashes readable. Comparison is in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

#: scrypt cost: 2**14 × 8 × 128 bytes = 16 MiB of memory per try, about 0.05 s here.
N, R, P = 2**14, 8, 1
_MAXMEM = 64 * 1024 * 1024
MIN_LENGTH = 8
MAX_LENGTH = 128


def hash_password(password: str) -> str:
    """The stored form of ``password``: parameters, a fresh 16-byte salt and the scrypt hash."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, maxmem=_MAXMEM, dklen=32)
    return "$".join(("scrypt", str(N), str(R), str(P), _b64(salt), _b64(digest)))


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the stored hash (False for a hash this program cannot read)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             maxmem=_MAXMEM, dklen=len(want))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def password_problem(password: str) -> str | None:
    """Why ``password`` may not be used (one sentence), or None."""
    if len(password) < MIN_LENGTH:
        return f"密码至少 {MIN_LENGTH} 个字符，输入为 {len(password)} 个；请换一个更长的密码。"
    if len(password) > MAX_LENGTH:
        return f"密码最多 {MAX_LENGTH} 个字符；请换一个短一些的密码。"
    if any(ord(c) < 32 or ord(c) == 127 for c in password):
        return "密码不能含有换行符或控制字符。"
    if password.strip() != password:
        return "密码首尾不能是空格。"
    return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
