"""Building realistic case input for tests (real patent number, valid codes)."""

from __future__ import annotations

from datetime import date

from adjudicator.cases import inputs as C

#: A real utility-model patent (一种…), published number with its correct check character.
REAL_PATENT = "ZL 2016 2 0161392.4"


def case_input(**overrides: object) -> C.CaseInput:
    inp = C.CaseInput(
        kind="ecommerce",
        source="platform",
        received_on=date(2026, 3, 2),
        handler="李明",
        panel=["王建国", "李明", "赵敏"],
        claims_summary="请求责令被请求人立即停止销售侵犯涉案专利权的产品，并删除相关商品链接。",
        parties=[
            C.PartyInput("requester", "organisation", "内蒙古草原星光科技有限公司",
                         id_number="91150102MA0N8XYE05", address="呼和浩特市新城区新华大街1号",
                         legal_rep="王刚", legal_rep_title="执行董事"),
            C.PartyInput("respondent", "person", "张小明", address="浙江省义乌市稠城街道工人北路8号",
                         id_number="150102198503120029", phone="13900001111"),
        ],
        patent=C.PatentInput(REAL_PATENT, kind="utility_model", title="一种便携式手机支架",
                             patentee="内蒙古草原星光科技有限公司", application_date=date(2016, 3, 3),
                             grant_date=date(2016, 8, 10), claims="权利要求1、2"),
        ecommerce=C.EcommerceInput("淘宝", "小明数码专营店", ["https://item.taobao.com/item.htm?id=612345678901"],
                                   "TB20260301-0042"),
    )
    for key, value in overrides.items():
        setattr(inp, key, value)
    return inp
