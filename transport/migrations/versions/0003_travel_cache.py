"""Travel-time cache: road engines' answers by pairs of places

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('travel_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lat_e5', sa.Integer(), nullable=False),
    sa.Column('lon_e5', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('lat_e5', 'lon_e5')
    )
    op.create_table('travel_times',
    sa.Column('engine', sa.String(length=80), nullable=False),
    sa.Column('from_point', sa.Integer(), nullable=False),
    sa.Column('to_point', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('metres', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['from_point'], ['travel_points.id'], ),
    sa.ForeignKeyConstraint(['to_point'], ['travel_points.id'], ),
    sa.PrimaryKeyConstraint('engine', 'from_point', 'to_point')
    )


def downgrade() -> None:
    op.drop_table('travel_times')
    op.drop_table('travel_points')
