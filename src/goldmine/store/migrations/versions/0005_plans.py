"""Financing plans of a workspace (issue #18, plans as a resource of the HTTP API): financing_plan.

One row per version of a plan (``goldmine captable``/``waterfall``'s PLAN.yaml, validated): the
workspace, the plan's slug (from its company name), the version number 1, 2, ... (an upload whose
content changed adds one), the content hash and the plan as JSON.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "financing_plan",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspace.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("plan", sa.JSON, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workspace_id", "slug", "version", name="uq_plan_workspace_slug_version"),
    )


def downgrade() -> None:
    op.drop_table("financing_plan")
