"""Spot hire: the council's rates, a plan's spot-hired runs, and reasons with their codes and figures

Revision ID: 0006_cover
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0006_cover'
down_revision = '0005_harden'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('spot_hire_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=64), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('area', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('wheelchairs', sa.Integer(), nullable=False),
    sa.Column('base_address', sa.String(length=300), nullable=False),
    sa.Column('base_postcode', sa.String(length=10), nullable=False),
    sa.Column('base_lat', sa.Float(), nullable=False),
    sa.Column('base_lon', sa.Float(), nullable=False),
    sa.Column('fixed_cost', sa.Float(), nullable=False),
    sa.Column('cost_per_mile', sa.Float(), nullable=False),
    sa.Column('pa_cost_per_run', sa.Float(), nullable=True),
    sa.Column('pa_skills', sa.JSON(), nullable=False),
    sa.Column('available_from', sa.Time(), nullable=False),
    sa.Column('available_to', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['operator_id'], ['operators.id'], name=op.f('fk_spot_hire_rates_operator_id_operators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spot_hire_rates')),
    sa.UniqueConstraint('ref', name=op.f('uq_spot_hire_rates_ref'))
    )
    op.create_table('spot_hires',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('rate_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.String(length=3), nullable=False),
    sa.Column('session', sa.String(length=2), nullable=False),
    sa.Column('pa_skills', sa.JSON(), nullable=True),
    sa.Column('leave_base', sa.Time(), nullable=False),
    sa.Column('return_base', sa.Time(), nullable=False),
    sa.Column('miles', sa.Float(), nullable=False),
    sa.Column('cost', sa.Float(), nullable=False),
    sa.Column('stops', sa.JSON(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_spot_hires_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rate_id'], ['spot_hire_rates.id'], name=op.f('fk_spot_hires_rate_id_spot_hire_rates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spot_hires'))
    )
    op.create_index(op.f('ix_spot_hires_plan_id'), 'spot_hires', ['plan_id'], unique=False)
    op.add_column('unplaced', sa.Column('details', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('unplaced') as batch:
        batch.drop_column('details')
    op.drop_index(op.f('ix_spot_hires_plan_id'), table_name='spot_hires')
    op.drop_table('spot_hires')
    op.drop_table('spot_hire_rates')
