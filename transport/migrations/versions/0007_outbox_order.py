"""The outbox indexed in the order a dispatcher claims each status's texts (priority, then id)

Revision ID: 0007_outbox_order
Revises: 0006_cover
"""
from alembic import op

revision = '0007_outbox_order'
down_revision = '0006_cover'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_messages_claim', 'messages', ['status', 'priority', 'id'], unique=False)
    op.drop_index('ix_messages_due', table_name='messages')


def downgrade() -> None:
    op.create_index('ix_messages_due', 'messages', ['status', 'priority', 'next_attempt_at'], unique=False)
    op.drop_index('ix_messages_claim', table_name='messages')
