"""API and SMS: planning job state, planners' changes, care-note reads, school phone

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('plans') as batch:
        batch.add_column(sa.Column('stage', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('params', sa.JSON(), nullable=True))
    with op.batch_alter_table('schools') as batch:
        batch.add_column(sa.Column('phone', sa.String(length=20), nullable=True))
    op.create_table('changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.Column('to_run_id', sa.Integer(), nullable=True),
    sa.Column('pickup', sa.Time(), nullable=True),
    sa.Column('dropoff', sa.Time(), nullable=True),
    sa.Column('driver_id', sa.Integer(), nullable=True),
    sa.Column('assistant_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('made_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assistant_id'], ['assistants.id'], name=op.f('fk_changes_assistant_id_assistants')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_changes_child_id_children')),
    sa.ForeignKeyConstraint(['driver_id'], ['drivers.id'], name=op.f('fk_changes_driver_id_drivers')),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_changes_run_id_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_run_id'], ['runs.id'], name=op.f('fk_changes_to_run_id_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_changes'))
    )
    op.create_index(op.f('ix_changes_run_id'), 'changes', ['run_id'], unique=False)
    op.create_index(op.f('ix_changes_starts_on'), 'changes', ['starts_on'], unique=False)
    op.create_table('care_note_reads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_care_note_reads_child_id_children'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_care_note_reads_run_id_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_care_note_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_note_reads'))
    )
    op.create_index(op.f('ix_care_note_reads_child_id'), 'care_note_reads', ['child_id'], unique=False)
    op.create_index(op.f('ix_care_note_reads_user_id'), 'care_note_reads', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_table('care_note_reads')
    op.drop_table('changes')
    with op.batch_alter_table('schools') as batch:
        batch.drop_column('phone')
    with op.batch_alter_table('plans') as batch:
        batch.drop_column('params')
        batch.drop_column('stage')
