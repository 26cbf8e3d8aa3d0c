"""Failed sign-ins in the database (issue #18): login_failure.

The sign-in throttle (5 failures per e-mail and client address in 15 minutes) counts here rather than
in each server process, so ``goldmine serve --workers N`` keeps the same limit.  A row holds the
SHA-256 of the e-mail and address (never either in clear) and the time; rows older than the window
are deleted as new failures come.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key_hash", sa.String(64), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("login_failure")
