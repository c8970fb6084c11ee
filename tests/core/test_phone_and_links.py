"""Phone numbers a clerk meets, and listing links typed without their scheme."""

from __future__ import annotations

import pytest

from adjudicator.cases.inputs import complete_link, valid_phone


@pytest.mark.parametrize("phone", ["13900001111", "139 0000 1111", "+86 139 0000 1111", "0471-6951234",
                                   "(0471)6951234", "010-12345678", "0591-87654321-8001", "400-820-8820",
                                   "12315", "+1 415 555 0100", "0571 8888 6666"])
def test_real_numbers_are_accepted(phone: str) -> None:
    assert valid_phone(phone)


@pytest.mark.parametrize("phone", ["0591-123", "12345678901", "1390000111", "abc", "139000011112",
                                   "0471-0951234", "+86 12345"])
def test_what_cannot_be_dialled_is_refused(phone: str) -> None:
    assert not valid_phone(phone)


def test_links_gain_their_scheme() -> None:
    assert complete_link("item.taobao.com/item.htm?id=612345678901") == \
        "https://item.taobao.com/item.htm?id=612345678901"
    assert complete_link(" https://detail.tmall.com/item.htm?id=1 ") == "https://detail.tmall.com/item.htm?id=1"
    assert complete_link("http://shop.jd.com") == "http://shop.jd.com"
    assert complete_link("随便写的") == "随便写的"  # left as typed; validation says what is wrong
