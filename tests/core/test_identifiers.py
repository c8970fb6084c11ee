"""Patent numbers, unified social credit codes and resident ID numbers: accepted forms and refusals.

Test values marked *real* are published numbers (court judgments, company registrations, the
examples printed in GB 11643); *synthetic* ones were built for these tests and are only known to
satisfy the check algorithm. Every valid value is also re-checked against an independent
implementation of the algorithm below, so a typo here cannot pass unnoticed.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adjudicator.errors import DomainError
from adjudicator.cases.identifiers import (
    PATENT_KIND_LABELS,
    IdentifierError,
    PatentNumber,
    check_patent_number,
    credit_code_check_character,
    kind_of_patent_label,
    parse_patent_number,
    patent_check_character,
    resident_id_check_character,
    validate_credit_code,
    validate_resident_id,
)

TODAY = date(2026, 6, 1)


def reference_patent_check(digits: str) -> str:
    """The check character written out longhand, independent of the module's loop."""
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5][: len(digits)]
    remainder = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return "X" if remainder == 10 else str(remainder)


def refusal(function: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(IdentifierError) as caught:
        function(*args, **kwargs)  # type: ignore[operator]
    return str(caught.value)


# ---------------------------------------------------------------------------------------------
# Patent numbers: valid

# (number, kind, pct, year, provenance)
VALID_PATENTS = [
    ("ZL201620161392.4", "utility_model", False, 2016, "real"),
    ("ZL97248479.5", "utility_model", False, 1997, "real: 正泰 v. 施耐德, 一种高分段小型断路器"),
    ("ZL94102612.4", "invention", False, 1994, "real: 株式会社岛野, 后换档器支架 (SPC retrial)"),
    ("ZL99113861.9", "invention", False, 1999, "real: 阻燃镁合金 (上海交通大学, 丁文江)"),
    ("ZL200510030457.8", "invention", False, 2005, "real: 含稀土高强度铸造镁合金"),
    ("ZL201220572874.0", "utility_model", False, 2012, "real: 一种锅巴机 (court judgment)"),
    ("ZL201320372262.1", "utility_model", False, 2013, "real: 轮边马达拆装机的摆动机构"),
    ("ZL201380059792.3", "invention", True, 2013, "real: Petromac, PCT national phase"),
    ("ZL201380059266.7", "invention", True, 2013, "real: PCT national phase"),
    ("ZL201830251564.1", "design", False, 2018, "published design number; valid by the algorithm"),
    ("ZL201630470916.3", "design", False, 2016, "published design number; valid by the algorithm"),
    ("ZL201590000321.X", "utility_model", True, 2015, "synthetic, check X"),
    ("ZL201490012345.2", "utility_model", True, 2014, "synthetic"),
    ("ZL200310012345.0", "invention", False, 2003, "synthetic, first 12-digit year, check 0"),
    ("ZL93115720.X", "invention", False, 1993, "synthetic, 8-digit with check X"),
    ("ZL02300123.2", "design", False, 2002, "synthetic, 8-digit design"),
    ("ZL99800012.4", "invention", True, 1999, "synthetic, 8-digit PCT invention"),
    ("ZL00900345.2", "utility_model", True, 2000, "synthetic, 8-digit PCT utility model"),
]


@pytest.mark.parametrize(("number", "kind", "pct", "year", "provenance"), VALID_PATENTS)
def test_valid_patent_numbers_parse(number: str, kind: str, pct: bool, year: int, provenance: str) -> None:
    digits, check = number[2:].split(".")
    assert reference_patent_check(digits) == check, provenance
    parsed = parse_patent_number(number, today=TODAY)
    assert parsed == PatentNumber(
        normalized=number, application=digits, year=year, kind=kind, pct=pct, check=check  # type: ignore[arg-type]
    )
    assert parsed.kind_label == PATENT_KIND_LABELS[kind]
    assert str(parsed) == number


@pytest.mark.parametrize(
    "typed",
    [
        "ZL 2018 3 0251564.1",
        "ZL201830251564.1",
        "201830251564.1",
        "zl201830251564.1",
        "Zl 201830251564.1",
        "ＺＬ２０１８３０２５１５６４．１",  # full-width letters, digits and dot
        "ZL２０１８ ３ ０２５１５６４。１",  # full-width digits, ideographic full stop
        "ZL\u30002018\u30003\u30000251564.1",  # ideographic spaces
        "  ZL 2018 3 0251564 . 1  ",
        "\tZL201830251564.1\n",
        "2018302515641",  # check character typed without its dot
        "专利号：ZL 2018 3 0251564.1",  # pasted with its label
        "专利号ZL201830251564.1",
    ],
)
def test_patent_number_written_many_ways_normalises_to_one(typed: str) -> None:
    assert parse_patent_number(typed, today=TODAY).normalized == "ZL201830251564.1"


def test_lower_case_x_check_character_is_accepted() -> None:
    assert parse_patent_number("zl93115720.x", today=TODAY).normalized == "ZL93115720.X"


def test_spaced_form_is_as_on_a_certificate() -> None:
    assert parse_patent_number("ZL201620161392.4", today=TODAY).spaced == "ZL 2016 2 0161392.4"
    assert parse_patent_number("ZL97248479.5", today=TODAY).spaced == "ZL 97 2 48479.5"


def test_patent_check_character() -> None:
    assert patent_check_character("201620161392") == "4"
    assert patent_check_character("201590000321") == "X"
    assert patent_check_character("97248479") == "5"
    assert "数字" in refusal(patent_check_character, "2016201613A2")
    assert "数字" in refusal(patent_check_character, "")


# ---------------------------------------------------------------------------------------------
# Patent numbers: refused

@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ZL201620161392.5", "专利号校验位不正确：应为 4，输入为 5"),
        ("ZL201830251564.2", "专利号校验位不正确：应为 1，输入为 2"),
        ("ZL201590000321.0", "专利号校验位不正确：应为 X，输入为 0"),
        ("ZL201620161392.x", "专利号校验位不正确：应为 4，输入为 X"),
        ("ZL97248479.6", "专利号校验位不正确：应为 5，输入为 6"),
        ("2016201613925", "专利号校验位不正确：应为 4，输入为 5"),
        ("ZL2016201613.4", "专利号应为 12 位或 8 位数字加校验位，输入为 10 位"),
        ("ZL20162016139.4", "专利号应为 12 位或 8 位数字加校验位，输入为 11 位"),
        ("ZL1234567.4", "专利号应为 12 位或 8 位数字加校验位，输入为 7 位"),
        ("ZL20162016139212.4", "专利号应为 12 位或 8 位数字加校验位，输入为 14 位"),
        ("ZL201650161392.4", "专利类型位应为 1、2、3、8 或 9，输入为 5"),
        ("ZL201640161392.4", "专利类型位应为 1、2、3、8 或 9，输入为 4"),
        ("ZL201600161392.4", "专利类型位应为 1、2、3、8 或 9，输入为 0"),
        ("ZL97748479.5", "专利类型位应为 1、2、3、8 或 9，输入为 7"),
    ],
)
def test_wrong_patent_numbers_are_refused_with_expected_and_actual(typed: str, message: str) -> None:
    assert refusal(parse_patent_number, typed, today=TODAY) == message


def test_missing_check_character_names_the_right_one() -> None:
    message = refusal(parse_patent_number, "ZL201620161392", today=TODAY)
    assert message.startswith("专利号缺少校验位，应为 4")
    assert "201620161392.4" in message
    assert refusal(parse_patent_number, "ZL201620161392.", today=TODAY).startswith("专利号缺少校验位，应为 4")
    assert refusal(parse_patent_number, "97248479", today=TODAY).startswith("专利号缺少校验位，应为 5")


@pytest.mark.parametrize("typed", ["", "   ", "ZL", "ｚｌ　"])
def test_empty_patent_number_is_refused(typed: str) -> None:
    assert refusal(parse_patent_number, typed, today=TODAY).startswith("专利号不能为空")


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("CN201620161392.4", "C、N"),
        ("ZL2016-2016-1392.4", "-"),
        ("ZL201620161392,4", ","),
        ("ZL201620161392.4号", "号"),
        ("申请号ZL201620161392.4", "申、请、号、Z、L"),
        ("ZL201620161392.4U", "U"),
        ("ZL2O1620161392.4", "O"),  # letter O typed for zero
    ],
)
def test_illegal_characters_in_patent_number_are_named(typed: str, named: str) -> None:
    assert refusal(parse_patent_number, typed, today=TODAY).startswith(f"专利号含有不允许的字符：{named}（")


def test_patent_number_structure_problems() -> None:
    assert refusal(parse_patent_number, "ZL2016.20161392.4", today=TODAY) == "专利号只能有一个小数点，应写在校验位之前"
    assert refusal(parse_patent_number, "ZL201620161392.45", today=TODAY) == "专利号校验位应为一位数字或 X，输入为 45"
    assert "X 只能作为小数点后的校验位" in refusal(parse_patent_number, "ZL20162016139X.4", today=TODAY)


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("ZL202720161392.4", "年份 2027 不合理：晚于今年（2026 年）"),
        ("ZL199820161392.4", "年份 1998 不合理：12 位申请号自 2003 年起使用"),
        ("ZL198420161392.4", "年份 1984 不合理：中国自 1985 年起受理专利申请"),
        ("ZL05248479.5", "年份 05 不合理：8 位申请号只用于 1985 至 2003 年的申请"),
        ("ZL84248479.5", "年份 84 不合理"),
        ("ZL001220161392.4", "年份 0012 不合理：中国自 1985 年起受理专利申请"),
    ],
)
def test_implausible_years_are_refused(typed: str, fragment: str) -> None:
    message = refusal(parse_patent_number, typed, today=TODAY)
    assert message.startswith("专利号中的")
    assert fragment in message


def test_current_year_is_accepted_and_next_year_is_not() -> None:
    digits = "202630000001"
    number = f"ZL{digits}.{reference_patent_check(digits)}"
    assert parse_patent_number(number, today=date(2026, 1, 2)).year == 2026
    assert "晚于今年" in refusal(parse_patent_number, number, today=date(2025, 12, 31))


def test_check_patent_number_reports_in_a_fixed_shape() -> None:
    assert check_patent_number("ZL 2013 8 0059792.3", today=TODAY) == {
        "valid": True, "normalized": "ZL201380059792.3", "kind": "invention", "pct": True, "error": None,
    }
    assert check_patent_number("ZL201620161392.5", today=TODAY) == {
        "valid": False, "normalized": None, "kind": None, "pct": None, "error": "专利号校验位不正确：应为 4，输入为 5",
    }


def test_kind_labels() -> None:
    assert PATENT_KIND_LABELS == {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
    assert kind_of_patent_label("design") == "外观设计"
    assert "未知的专利类型" in refusal(kind_of_patent_label, "trademark")


def test_identifier_error_is_a_domain_error() -> None:
    assert issubclass(IdentifierError, DomainError)


@given(
    year=st.integers(2003, 2026),
    type_digit=st.sampled_from("12389"),
    serial=st.integers(0, 9_999_999),
    wrong=st.sampled_from("0123456789X"),
)
def test_computed_check_character_validates_and_every_other_is_refused(
    year: int, type_digit: str, serial: int, wrong: str
) -> None:
    digits = f"{year}{type_digit}{serial:07d}"
    check = patent_check_character(digits)
    assert check == reference_patent_check(digits)
    assert parse_patent_number(f"ZL{digits}.{check}", today=TODAY).application == digits
    if wrong != check:
        assert refusal(parse_patent_number, f"{digits}.{wrong}", today=TODAY) == (
            f"专利号校验位不正确：应为 {check}，输入为 {wrong}"
        )


# ---------------------------------------------------------------------------------------------
# Unified social credit codes

REAL_CREDIT_CODES = [
    ("91330100716105852F", "阿里巴巴（中国）网络技术有限公司"),
    ("914403001922038216", "华为技术有限公司"),
    ("91440300708461136T", "深圳市腾讯计算机系统有限公司"),
    ("91110108551385082Q", "小米科技有限责任公司"),
    ("91110000802100433B", "北京百度网讯科技有限公司"),
]
SYNTHETIC_CREDIT_CODES = ["91150105MA00000150", "91150105MA0000005Y"]  # check characters 0 and Y


@pytest.mark.parametrize("code", [c for c, _ in REAL_CREDIT_CODES] + SYNTHETIC_CREDIT_CODES)
def test_valid_credit_codes(code: str) -> None:
    assert validate_credit_code(code) == code
    assert credit_code_check_character(code[:17]) == code[17]


@pytest.mark.parametrize(
    "typed", ["91330100716105852f", " 9133 0100 7161 0585 2F ", "９１３３０１００７１６１０５８５２Ｆ"]
)
def test_credit_code_is_normalised(typed: str) -> None:
    assert validate_credit_code(typed) == "91330100716105852F"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("91330100716105853F", "统一社会信用代码校验位不正确：应为 J，输入为 F"),
        ("914403001922038217", "统一社会信用代码校验位不正确：应为 6，输入为 7"),
        ("91150105MA00000151", "统一社会信用代码校验位不正确：应为 0，输入为 1"),
        ("91150105MA00000053", "统一社会信用代码校验位不正确：应为 Y，输入为 3"),
        ("91330100716105852", "统一社会信用代码应为 18 位，输入为 17 位"),
        ("91330100716105852FF", "统一社会信用代码应为 18 位，输入为 19 位"),
        ("9133010071610585", "统一社会信用代码应为 18 位，输入为 16 位"),
        ("91330100716I05852F", "统一社会信用代码含有不允许的字符 I（统一社会信用代码不使用 I、O、Z、S、V）"),
        ("91330100716105852o", "统一社会信用代码含有不允许的字符 O（统一社会信用代码不使用 I、O、Z、S、V）"),
        ("9133Z100716S05852V", "统一社会信用代码含有不允许的字符 Z、S、V（统一社会信用代码不使用 I、O、Z、S、V）"),
        ("", "统一社会信用代码不能为空，请输入 18 位代码"),
    ],
)
def test_wrong_credit_codes_are_refused(typed: str, message: str) -> None:
    assert refusal(validate_credit_code, typed) == message


def test_credit_code_with_punctuation_names_it() -> None:
    message = refusal(validate_credit_code, "91330100-716105852F")
    assert message.startswith("统一社会信用代码含有不允许的字符 -（")


def test_credit_code_check_character_needs_seventeen() -> None:
    assert "17 位" in refusal(credit_code_check_character, "9133010071610585")
    assert "不使用 I、O、Z、S、V" in refusal(credit_code_check_character, "9133010071610585I")


# ---------------------------------------------------------------------------------------------
# Resident ID numbers

# The two worked examples printed in GB 11643-1999 (real examples, not real persons' data).
STANDARD_EXAMPLES = ["11010519491231002X", "440524188001010014"]


@pytest.mark.parametrize("number", STANDARD_EXAMPLES + ["150102199003070314"])  # last: synthetic
def test_valid_resident_ids(number: str) -> None:
    assert validate_resident_id(number, today=TODAY) == number
    assert resident_id_check_character(number[:17]) == number[17]


def test_resident_id_is_normalised() -> None:
    assert validate_resident_id(" 110105 19491231 002x ", today=TODAY) == "11010519491231002X"
    assert validate_resident_id("１１０１０５１９４９１２３１００２Ｘ", today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("110105194912310021", "居民身份证号码校验位不正确：应为 X，输入为 1"),
        ("440524188001010015", "居民身份证号码校验位不正确：应为 4，输入为 5"),
        ("11010519491231002", "居民身份证号码应为 18 位，输入为 17 位"),
        ("11010519491331002X", "居民身份证号码中的出生日期 19491331 不是有效日期"),
        ("11010519490229002X", "居民身份证号码中的出生日期 19490229 不是有效日期"),
        ("110105202701010020", "居民身份证号码中的出生日期 20270101 晚于今天"),
        ("", "居民身份证号码不能为空，请输入 18 位号码"),
    ],
)
def test_wrong_resident_ids_are_refused(typed: str, message: str) -> None:
    assert refusal(validate_resident_id, typed, today=TODAY) == message


def test_old_fifteen_digit_id_is_refused_with_advice() -> None:
    message = refusal(validate_resident_id, "110105491231002", today=TODAY)
    assert message.startswith("居民身份证号码应为 18 位，输入为 15 位")
    assert "18 位的新号码" in message


@pytest.mark.parametrize(("typed", "named"), [("1101051949123100XX", "X"), ("A1010519491231002X", "A")])
def test_illegal_characters_in_resident_id_are_named(typed: str, named: str) -> None:
    assert refusal(validate_resident_id, typed, today=TODAY).startswith(f"居民身份证号码含有不允许的字符 {named}（")


def test_leap_day_birth_is_accepted() -> None:
    first17 = "15010520000229001"
    assert validate_resident_id(first17 + resident_id_check_character(first17), today=TODAY)
