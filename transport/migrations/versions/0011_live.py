"""The live school day: runs as they really go (started, finished, last heard), the crews' taps
at stops, the vehicles' positions, and parents' opt-in to live texts

Revision ID: 0011_live
Revises: 0010_sign_in_by_code
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_live'
down_revision = '0010_sign_in_by_code'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'run_days',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('heard_at', sa.DateTime(), nullable=True),
        sa.Column('lat', sa.Float(), nullable=True),
        sa.Column('lon', sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_run_days_run_id_runs'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_run_days')),
        sa.UniqueConstraint('run_id', 'date', name='run_day'),
    )
    op.create_index(op.f('ix_run_days_date'), 'run_days', ['date'], unique=False)
    op.create_table(
        'stop_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('outcome', sa.String(length=12), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('by', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_stop_events_child_id_children'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_stop_events_run_id_runs'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stop_events')),
        sa.UniqueConstraint('run_id', 'date', 'child_id', 'kind', name='stop_event'),
    )
    op.create_index(op.f('ix_stop_events_date'), 'stop_events', ['date'], unique=False)
    op.create_table(
        'positions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('lat', sa.Float(), nullable=False),
        sa.Column('lon', sa.Float(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_positions_run_id_runs'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_positions')),
    )
    op.create_index(op.f('ix_positions_date'), 'positions', ['date'], unique=False)
    with op.batch_alter_table('guardians') as batch:
        batch.add_column(sa.Column('live_texts', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('guardians') as batch:
        batch.drop_column('live_texts')
    op.drop_index(op.f('ix_positions_date'), table_name='positions')
    op.drop_table('positions')
    op.drop_index(op.f('ix_stop_events_date'), table_name='stop_events')
    op.drop_table('stop_events')
    op.drop_index(op.f('ix_run_days_date'), table_name='run_days')
    op.drop_table('run_days')
