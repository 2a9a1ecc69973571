"""The hand-written migrations create exactly the tables models.py declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from services.signals.models import metadata
from shared.db import create_db_engine


def test_migrations_match_the_models(service_databases) -> None:
    engine = create_db_engine(service_databases["signals"])
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == []
