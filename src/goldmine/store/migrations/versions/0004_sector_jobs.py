"""Jobs of a whole workspace (issue #18, the sector dashboard): ``job.startup_id`` may be empty.

A sector run belongs to a workspace, not to one startup; its job row has no startup.  On SQLite the
column is changed by Alembic's batch mode (a copy of the table), on PostgreSQL in place.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.alter_column("startup_id", existing_type=sa.Integer, nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM job WHERE startup_id IS NULL")
    with op.batch_alter_table("job") as batch:
        batch.alter_column("startup_id", existing_type=sa.Integer, nullable=False)
