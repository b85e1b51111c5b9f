"""Operations at county scale: indexes for one person's reads, outbox priority, one open absence

Revision ID: 0004_ops
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004_ops'
down_revision = '0003'
branch_labels = None
depends_on = None

OPEN = sa.text('cancelled_at IS NULL')


def upgrade() -> None:
    # Absences reported twice before this: the earliest stays, the repeats are closed (the
    # child is still absent), so that the index below can hold.
    op.execute(
        "UPDATE absences SET cancelled_at = created_at WHERE cancelled_at IS NULL AND id NOT IN "
        "(SELECT keep FROM (SELECT MIN(id) AS keep FROM absences WHERE cancelled_at IS NULL "
        "GROUP BY child_id, date, session) AS kept)"
    )
    op.create_index('uq_absences_open', 'absences', ['child_id', 'date', 'session'], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_index(op.f('ix_changes_to_run_id'), 'changes', ['to_run_id'], unique=False)
    op.create_index(op.f('ix_children_school_id'), 'children', ['school_id'], unique=False)
    op.add_column('messages', sa.Column('priority', sa.Integer(), server_default='1', nullable=False))
    op.create_index('ix_messages_due', 'messages', ['status', 'priority', 'next_attempt_at'], unique=False)
    op.create_index('ix_messages_recipient', 'messages', ['recipient_role', 'recipient_ref'], unique=False)
    op.create_index(op.f('ix_runs_assistant_id'), 'runs', ['assistant_id'], unique=False)
    op.create_index(op.f('ix_runs_driver_id'), 'runs', ['driver_id'], unique=False)
    op.create_index('ix_runs_plan_id_weekday', 'runs', ['plan_id', 'weekday'], unique=False)
    op.create_index(op.f('ix_stops_child_id'), 'stops', ['child_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_stops_child_id'), table_name='stops')
    op.drop_index('ix_runs_plan_id_weekday', table_name='runs')
    op.drop_index(op.f('ix_runs_driver_id'), table_name='runs')
    op.drop_index(op.f('ix_runs_assistant_id'), table_name='runs')
    op.drop_index('ix_messages_recipient', table_name='messages')
    op.drop_index('ix_messages_due', table_name='messages')
    with op.batch_alter_table('messages') as batch:
        batch.drop_column('priority')
    op.drop_index(op.f('ix_children_school_id'), table_name='children')
    op.drop_index(op.f('ix_changes_to_run_id'), table_name='changes')
    op.drop_index('uq_absences_open', table_name='absences')
