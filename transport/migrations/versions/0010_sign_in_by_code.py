"""Signing in by a one-time code: the codes, accounts disabled and last signed in, a school's
email, and the outbox's emails beside its texts (channel, recipient_email, subject)

Revision ID: 0010_sign_in_by_code
Revises: 0009_more_versions
"""
import sqlalchemy as sa
from alembic import op

revision = '0010_sign_in_by_code'
down_revision = '0009_more_versions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sign_in_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('wrong_tries', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_codes')),
    )
    op.create_index(op.f('ix_sign_in_codes_address'), 'sign_in_codes', ['address'], unique=False)
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('disabled', sa.Boolean(), server_default=sa.text('false'), nullable=False))
        batch.add_column(sa.Column('last_signed_in', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('schools') as batch:
        batch.add_column(sa.Column('email', sa.String(length=200), nullable=True))
    with op.batch_alter_table('messages') as batch:
        batch.add_column(sa.Column('channel', sa.String(length=5), server_default='sms', nullable=False))
        batch.add_column(sa.Column('recipient_email', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('subject', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('messages') as batch:
        batch.drop_column('subject')
        batch.drop_column('recipient_email')
        batch.drop_column('channel')
    with op.batch_alter_table('schools') as batch:
        batch.drop_column('email')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('last_signed_in')
        batch.drop_column('disabled')
    op.drop_index(op.f('ix_sign_in_codes_address'), table_name='sign_in_codes')
    op.drop_table('sign_in_codes')
