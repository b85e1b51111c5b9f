from sqlalchemy import inspect

from transport.models import Base


def test_migrations_create_every_table_of_the_model(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrations_match_the_model(engine):
    """A model change without a migration fails here (autogenerate finds nothing to do)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_sign_in_by_code_downgrades_and_upgrades_again(engine):
    """0010 (codes, disabled accounts, a school's email, the outbox's emails) goes back to 0009 and
    forward again, on SQLite (batch mode) as on PostgreSQL."""
    from alembic import command

    from transport.db import alembic_config

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0009_more_versions")
    found = inspect(engine)
    assert "sign_in_codes" not in found.get_table_names()
    assert "email" not in {c["name"] for c in found.get_columns("schools")}
    assert "channel" not in {c["name"] for c in found.get_columns("messages")}
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
    assert "disabled" in {c["name"] for c in inspect(engine).get_columns("users")}
