"""Travel budgets: what each child's place costs, offers of an allowance or a PTB, school closures, and a family's mileage claims

Revision ID: 0013_budgets
Revises: 0012_disruption
"""
from alembic import op
import sqlalchemy as sa


revision = '0013_budgets'
down_revision = '0012_disruption'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('closures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_closures_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closures'))
    )
    with op.batch_alter_table('closures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_closures_school_id'), ['school_id'], unique=False)

    op.create_table('costings',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('progress', sa.Float(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('made_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_costings_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', name=op.f('pk_costings'))
    )
    op.create_table('offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('pence_per_mile', sa.Integer(), nullable=True),
    sa.Column('trips_per_day', sa.Integer(), nullable=True),
    sa.Column('miles', sa.Float(), nullable=True),
    sa.Column('ptb_per_term', sa.Float(), nullable=True),
    sa.Column('place_per_week', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('made_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_by', sa.String(length=200), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_offers_child_id_children'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offers'))
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offers_child_id'), ['child_id'], unique=False)

    op.create_table('place_costs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('journeys', sa.Integer(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('place_per_week', sa.Float(), nullable=False),
    sa.Column('miles', sa.Float(), nullable=False),
    sa.Column('allowance_per_week', sa.Float(), nullable=False),
    sa.Column('ptb_per_week', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_place_costs_child_id_children'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['costings.plan_id'], name=op.f('fk_place_costs_plan_id_costings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_costs')),
    sa.UniqueConstraint('plan_id', 'child_id', name='place_cost')
    )
    with op.batch_alter_table('place_costs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_place_costs_plan_id'), ['plan_id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('week_of', sa.Date(), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('made_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refused_because', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_claims_offer_id_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims')),
    sa.UniqueConstraint('offer_id', 'week_of', name='claim_week')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_offer_id'), ['offer_id'], unique=False)

    op.create_table('claim_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('trips', sa.Integer(), nullable=False),
    sa.Column('miles', sa.Float(), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_days_claim_id_claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_days'))
    )
    with op.batch_alter_table('claim_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_days_claim_id'), ['claim_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('claim_days', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_days_claim_id'))

    op.drop_table('claim_days')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_offer_id'))

    op.drop_table('claims')
    with op.batch_alter_table('place_costs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_costs_plan_id'))

    op.drop_table('place_costs')
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offers_child_id'))

    op.drop_table('offers')
    op.drop_table('costings')
    with op.batch_alter_table('closures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_closures_school_id'))

    op.drop_table('closures')
