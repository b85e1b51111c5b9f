"""A count moved on by every write of a record the day's runs show, read by each service process

Revision ID: 0008_records_version
Revises: 0007_outbox_order
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_records_version'
down_revision = '0007_outbox_order'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table('records_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_records_version'))
    )
    op.bulk_insert(table, [{'id': 1, 'n': 0}])


def downgrade() -> None:
    op.drop_table('records_version')
