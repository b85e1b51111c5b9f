"""Alembic environment: runs on the connection handed in by transport.db.migrate, or on the URL."""

from alembic import context
from sqlalchemy import create_engine

from transport.models import Base

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("the Alembic config has no sqlalchemy.url: make it with transport.db.alembic_config")
    with create_engine(url).connect() as conn:
        run(conn)
        conn.commit()
