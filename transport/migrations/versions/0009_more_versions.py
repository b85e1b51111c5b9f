"""Three more counts beside the records' (see transport/versions.py): the days' (a plan published,
a change to a run), the accounts' and the wrong sign-ins'

Revision ID: 0009_more_versions
Revises: 0008_records_version
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_more_versions'
down_revision = '0008_records_version'
branch_labels = None
depends_on = None

TABLE = sa.table('records_version', sa.column('id', sa.Integer), sa.column('n', sa.Integer))


def upgrade() -> None:
    op.bulk_insert(TABLE, [{'id': 2, 'n': 0}, {'id': 3, 'n': 0}, {'id': 4, 'n': 0}])


def downgrade() -> None:
    op.execute(TABLE.delete().where(TABLE.c.id.in_([2, 3, 4])))
