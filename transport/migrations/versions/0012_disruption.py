"""The day's disruptions: vehicles, drivers and PAs unavailable on a date, and stop times moved by
the day's absences

Revision ID: 0012_disruption
Revises: 0011_live
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_disruption'
down_revision = '0011_live'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'unavailable',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('vehicle_id', sa.Integer(), nullable=True),
        sa.Column('driver_id', sa.Integer(), nullable=True),
        sa.Column('assistant_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('made_by', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_unavailable_vehicle_id_vehicles'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['driver_id'], ['drivers.id'], name=op.f('fk_unavailable_driver_id_drivers'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(
            ['assistant_id'], ['assistants.id'], name=op.f('fk_unavailable_assistant_id_assistants'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unavailable')),
    )
    op.create_index(op.f('ix_unavailable_date'), 'unavailable', ['date'], unique=False)
    op.create_table(
        'stop_times',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('planned', sa.Time(), nullable=False),
        sa.Column('told', sa.Time(), nullable=True),
        sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_stop_times_child_id_children'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_stop_times_run_id_runs'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stop_times')),
        sa.UniqueConstraint('run_id', 'date', 'child_id', 'kind', name='stop_time'),
    )
    op.create_index(op.f('ix_stop_times_date'), 'stop_times', ['date'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_stop_times_date'), table_name='stop_times')
    op.drop_table('stop_times')
    op.drop_index(op.f('ix_unavailable_date'), table_name='unavailable')
    op.drop_table('unavailable')
