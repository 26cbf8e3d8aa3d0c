"""Alembic environment: runs on the connection :meth:`goldmine.store.Store.upgrade` passes in."""

from alembic import context

from goldmine.store.tables import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is run by hand
    from sqlalchemy import create_engine

    from goldmine.store.db import default_url

    connection = create_engine(default_url()).connect()

context.configure(connection=connection, target_metadata=target_metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
