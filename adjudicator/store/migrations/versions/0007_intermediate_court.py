"""intermediate court: remedy sentences name the court with patent jurisdiction

First-instance administrative cases about patents go to the intermediate court designated for
patent cases (法释〔2022〕13号), not to a basic district court. Stations seeded with a district
court get 呼和浩特市中级人民法院; a court a supervisor set to anything else is left alone.

Revision ID: 0007_intermediate_court
Revises: 0006_intake
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_intermediate_court"
down_revision = "0006_intake"
branch_labels = None
depends_on = None

_DISTRICT_COURTS = ("呼和浩特市新城区人民法院", "呼和浩特市回民区人民法院", "呼和浩特市玉泉区人民法院",
                    "呼和浩特市赛罕区人民法院", "土默特左旗人民法院", "托克托县人民法院", "和林格尔县人民法院",
                    "清水河县人民法院", "武川县人民法院")


def upgrade() -> None:
    stations = sa.table("stations", sa.column("court", sa.String))
    op.execute(stations.update().where(stations.c.court.in_(_DISTRICT_COURTS))
               .values(court="呼和浩特市中级人民法院"))


def downgrade() -> None:
    pass  # the district courts were wrong for patent cases; nothing to restore
