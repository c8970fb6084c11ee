"""Identifiers the parties and patents carry: parse, normalise and check them.

Three kinds of number, each with a check character:

- **Chinese patent numbers (专利号)**: ``ZL`` + the application number (申请号). Since October
  2003 the application number has 12 digits: ``YYYY`` filing year, ``T`` type, 7-digit serial;
  before that 8 digits: ``YY`` + ``T`` + 5-digit serial. The type digit is 1 invention (发明),
  2 utility model (实用新型), 3 design (外观设计), 8 invention via PCT, 9 utility model via PCT.
  After a dot comes the check character: the digits are multiplied by the weights
  2,3,4,5,6,7,8,9,2,3,4,5 (restarting at 2 after 9), summed, taken mod 11; 10 is written ``X``.
  People write ``ZL 2018 3 0251564.1``, ``ZL201830251564.1``, ``201830251564.1``, with
  full-width digits, letters or dot, or an ideographic full stop, sometimes pasted together with
  the label "专利号："; all of these are accepted.
- **Unified social credit code (统一社会信用代码)**, GB 32100-2015: 18 characters from
  ``0-9 A-H J-N P-R T-U W-Y`` (no I, O, Z, S, V), valued 0..30 in that order; the last is a
  check character: weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 on the first 17,
  value 31 − (sum mod 31), where 31 becomes 0.
- **Resident ID numbers (居民身份证号码)**, GB 11643-1999: 17 digits (6 region, 8 birth date,
  3 sequence) and an ISO 7064 MOD 11-2 check character, ``X`` for 10.

Every refusal is an :class:`IdentifierError` whose text is one Chinese sentence naming the
identifier and what is wrong with it, e.g. "专利号校验位不正确：应为 1，输入为 2".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypedDict

from adjudicator.errors import DomainError

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "PATENT_KIND_LABELS",
    "IdentifierError",
    "PatentKind",
    "PatentNumber",
    "PatentNumberCheck",
    "check_patent_number",
    "credit_code_check_character",
    "kind_of_patent_label",
    "parse_patent_number",
    "patent_check_character",
    "resident_id_check_character",
    "validate_credit_code",
    "validate_resident_id",
]


class IdentifierError(DomainError):
    """A patent number, credit code or ID number that is malformed or fails its check."""


_DIGITS = "0123456789"


def _normalise(text: str) -> str:
    """NFKC (full-width to ASCII), ideographic full stop to dot, all whitespace removed."""
    folded = unicodedata.normalize("NFKC", text).replace("。", ".")
    return "".join(folded.split())


def _listed(characters: list[str]) -> str:
    """Distinct characters in order of appearance, joined with 、."""
    return "、".join(dict.fromkeys(characters))


# ---------------------------------------------------------------------------------------------
# Patent numbers (专利号)

PatentKind = Literal["invention", "utility_model", "design"]

PATENT_KIND_LABELS: dict[str, str] = {
    "invention": "发明",
    "utility_model": "实用新型",
    "design": "外观设计",
}

#: Type digit of the application number → (kind, filed via PCT).
_PATENT_TYPES: dict[str, tuple[PatentKind, bool]] = {
    "1": ("invention", False),
    "2": ("utility_model", False),
    "3": ("design", False),
    "8": ("invention", True),
    "9": ("utility_model", True),
}

_PATENT_CHECK_CHARACTERS = "0123456789X"
_FIRST_PATENT_YEAR = 1985  # the Patent Law took effect on 1 April 1985
_LAST_EIGHT_DIGIT_YEAR = 2003  # 12-digit application numbers from 1 October 2003


def kind_of_patent_label(kind: str) -> str:
    """The Chinese name of a patent kind: ``invention`` → 发明."""
    try:
        return PATENT_KIND_LABELS[kind]
    except KeyError:
        raise IdentifierError(f"未知的专利类型 {kind}：应为发明、实用新型或外观设计") from None


@dataclass(frozen=True)
class PatentNumber:
    """A checked Chinese patent number; build it with :func:`parse_patent_number`."""

    normalized: str  # "ZL201620161392.4"
    application: str  # the application number's digits only: "201620161392"
    year: int  # filing year, four digits even for 8-digit numbers
    kind: PatentKind
    pct: bool  # entered China through the PCT (type digit 8 or 9)
    check: str  # "0".."9" or "X"

    @property
    def kind_label(self) -> str:
        """发明 / 实用新型 / 外观设计."""
        return PATENT_KIND_LABELS[self.kind]

    @property
    def spaced(self) -> str:
        """As printed on a patent certificate: ``ZL 2016 2 0161392.4``."""
        digits = self.application
        year_length = 4 if len(digits) == 12 else 2
        year, kind, serial = digits[:year_length], digits[year_length], digits[year_length + 1:]
        return f"ZL {year} {kind} {serial}.{self.check}"

    def __str__(self) -> str:
        return self.normalized


class PatentNumberCheck(TypedDict):
    """The outcome of :func:`check_patent_number`, which the command line prints as JSON."""

    valid: bool
    normalized: str | None
    kind: str | None
    pct: bool | None
    error: str | None


def patent_check_character(digits: str) -> str:
    """The check character (``0``–``9`` or ``X``) of an application number's digits."""
    if not digits or any(c not in _DIGITS for c in digits):
        raise IdentifierError(f"专利申请号应全部为数字，输入为“{digits}”")
    total = sum(int(digit) * (2 + position % 8) for position, digit in enumerate(digits))
    return _PATENT_CHECK_CHARACTERS[total % 11]


def _split_patent_text(text: str) -> tuple[str, str | None]:
    """Split a patent number as typed into (application digits, check character or None)."""
    cleaned = _normalise(text).removeprefix("专利号").removeprefix(":")  # pasted with its label
    if cleaned[:2].upper() == "ZL":
        cleaned = cleaned[2:]
    if not cleaned:
        raise IdentifierError("专利号不能为空，请输入如 ZL201620161392.4 的专利号")
    illegal = [c for c in cleaned if c not in "0123456789.Xx"]
    if illegal:
        raise IdentifierError(f"专利号含有不允许的字符：{_listed(illegal)}（只能是 ZL、数字、小数点和校验位 X）")
    if cleaned.count(".") > 1:
        raise IdentifierError("专利号只能有一个小数点，应写在校验位之前")
    if "." in cleaned:
        digits, check = cleaned.split(".")
    elif len(cleaned) in (9, 13):  # the check character typed without its dot
        digits, check = cleaned[:-1], cleaned[-1]
    else:
        digits, check = cleaned, ""
    if "X" in digits.upper():
        raise IdentifierError("专利号的申请号部分只能是数字，X 只能作为小数点后的校验位")
    if len(check) > 1:
        raise IdentifierError(f"专利号校验位应为一位数字或 X，输入为 {check}")
    return digits, (check.upper() or None)


def _patent_year(digits: str, today: date) -> int:
    """The filing year the application number encodes, refused when implausible."""
    shown = digits[:4] if len(digits) == 12 else digits[:2]  # the year as written
    if len(digits) == 12:
        year = int(shown)
        if _FIRST_PATENT_YEAR <= year < _LAST_EIGHT_DIGIT_YEAR:
            raise IdentifierError(
                f"专利号中的年份 {shown} 不合理：12 位申请号自 2003 年起使用，此前的申请号为 8 位"
            )
    else:
        two_digits = int(digits[:2])
        year = (1900 if two_digits >= _FIRST_PATENT_YEAR - 1900 else 2000) + two_digits
        if year > _LAST_EIGHT_DIGIT_YEAR:
            raise IdentifierError(
                f"专利号中的年份 {shown} 不合理：8 位申请号只用于 1985 至 2003 年的申请"
            )
    if year < _FIRST_PATENT_YEAR:
        raise IdentifierError(f"专利号中的年份 {shown} 不合理：中国自 1985 年起受理专利申请")
    if year > today.year:
        raise IdentifierError(f"专利号中的年份 {shown} 不合理：晚于今年（{today.year} 年）")
    return year


def parse_patent_number(text: str, *, today: date | None = None) -> PatentNumber:
    """Parse and check a patent number as people write it; raise :class:`IdentifierError` if wrong.

    ``today`` bounds the filing year (default: the system date).
    """
    digits, check = _split_patent_text(text)
    if len(digits) not in (12, 8):
        raise IdentifierError(f"专利号应为 12 位或 8 位数字加校验位，输入为 {len(digits)} 位")
    type_digit = digits[4] if len(digits) == 12 else digits[2]
    if type_digit not in _PATENT_TYPES:
        raise IdentifierError(f"专利类型位应为 1、2、3、8 或 9，输入为 {type_digit}")
    year = _patent_year(digits, today or date.today())
    expected = patent_check_character(digits)
    if check is None:
        raise IdentifierError(f"专利号缺少校验位，应为 {expected}（写在小数点后，如 {digits}.{expected}）")
    if check != expected:
        raise IdentifierError(f"专利号校验位不正确：应为 {expected}，输入为 {check}")
    kind, pct = _PATENT_TYPES[type_digit]
    return PatentNumber(
        normalized=f"ZL{digits}.{check}", application=digits, year=year, kind=kind, pct=pct, check=check
    )


def check_patent_number(text: str, *, today: date | None = None) -> PatentNumberCheck:
    """Check a patent number without raising: the result the command line prints as JSON."""
    try:
        number = parse_patent_number(text, today=today)
    except IdentifierError as error:
        return {"valid": False, "normalized": None, "kind": None, "pct": None, "error": str(error)}
    return {"valid": True, "normalized": number.normalized, "kind": number.kind, "pct": number.pct, "error": None}


# ---------------------------------------------------------------------------------------------
# Unified social credit code (统一社会信用代码, GB 32100-2015)

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_UNUSED_LETTERS = "IOZSV"


def _credit_code_charset_problem(code: str) -> str | None:
    """The sentence refusing the characters outside the GB 32100 alphabet, if any."""
    illegal = [c for c in code if c not in CREDIT_CODE_ALPHABET]
    if not illegal:
        return None
    if all(c in _CREDIT_CODE_UNUSED_LETTERS for c in illegal):
        return f"统一社会信用代码含有不允许的字符 {_listed(illegal)}（统一社会信用代码不使用 I、O、Z、S、V）"
    return (
        f"统一社会信用代码含有不允许的字符 {_listed(illegal)}"
        "（只能由数字和大写字母组成，且不使用 I、O、Z、S、V）"
    )


def credit_code_check_character(first17: str) -> str:
    """The 18th character of a unified social credit code, from its first 17."""
    problem = _credit_code_charset_problem(first17)
    if problem:
        raise IdentifierError(problem)
    if len(first17) != 17:
        raise IdentifierError(f"计算统一社会信用代码校验位需要前 17 位，输入为 {len(first17)} 位")
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(text: str) -> str:
    """Normalise and check a unified social credit code; return it (upper case, no spaces).

    Only the character set, length and check character are checked: the registration
    authority and region parts are not, so unusual but genuine codes are not refused.
    """
    code = _normalise(text).upper()
    if not code:
        raise IdentifierError("统一社会信用代码不能为空，请输入 18 位代码")
    problem = _credit_code_charset_problem(code)
    if problem:
        raise IdentifierError(problem)
    if len(code) != 18:
        raise IdentifierError(f"统一社会信用代码应为 18 位，输入为 {len(code)} 位")
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise IdentifierError(f"统一社会信用代码校验位不正确：应为 {expected}，输入为 {code[17]}")
    return code


# ---------------------------------------------------------------------------------------------
# Resident ID numbers (居民身份证号码, GB 11643-1999)

_RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RESIDENT_ID_CHECK_CHARACTERS = "10X98765432"  # indexed by the weighted sum mod 11


def resident_id_check_character(first17: str) -> str:
    """The 18th character (``0``–``9`` or ``X``) of a resident ID number, from its first 17 digits."""
    if len(first17) != 17 or any(c not in _DIGITS for c in first17):
        raise IdentifierError(f"计算居民身份证号码校验位需要前 17 位数字，输入为“{first17}”")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _RESIDENT_ID_WEIGHTS))
    return _RESIDENT_ID_CHECK_CHARACTERS[total % 11]


def _resident_id_birth_date(number: str, today: date) -> date:
    """The birth date in digits 7–14, refused when not a real date or in the future."""
    text = number[6:14]
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise IdentifierError(f"居民身份证号码中的出生日期 {text} 不是有效日期") from None
    if born > today:
        raise IdentifierError(f"居民身份证号码中的出生日期 {text} 晚于今天")
    return born


def validate_resident_id(text: str, *, today: date | None = None) -> str:
    """Normalise and check an 18-character resident ID number; return it (``X`` upper case)."""
    number = _normalise(text).upper()
    if not number:
        raise IdentifierError("居民身份证号码不能为空，请输入 18 位号码")
    last = len(number) - 1
    illegal = [c for i, c in enumerate(number) if c not in _DIGITS and not (c == "X" and i == last)]
    if illegal:
        raise IdentifierError(
            f"居民身份证号码含有不允许的字符 {_listed(illegal)}（前 17 位应为数字，末位为数字或 X）"
        )
    if len(number) != 18:
        hint = "；15 位的旧号码请换用 18 位的新号码" if len(number) == 15 else ""
        raise IdentifierError(f"居民身份证号码应为 18 位，输入为 {len(number)} 位{hint}")
    _resident_id_birth_date(number, today or date.today())
    expected = resident_id_check_character(number[:17])
    if number[17] != expected:
        raise IdentifierError(f"居民身份证号码校验位不正确：应为 {expected}，输入为 {number[17]}")
    return number
