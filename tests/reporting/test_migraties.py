"""The migrations build the indexes models.py declares for the facts (0008: the wide covering
index replaces the narrower one of 0006)."""

from __future__ import annotations

import sqlalchemy as sa

from services.reporting.models import feit
from shared.db import create_db_engine


def test_the_facts_have_the_indexes_of_the_model(service_databases) -> None:
    engine = create_db_engine(service_databases["reporting"])
    try:
        indexen = {i["name"]: i["column_names"] for i in sa.inspect(engine).get_indexes("feit")}
    finally:
        engine.dispose()

    verwacht = {i.name: [c.name for c in i.columns] for i in feit.indexes}
    assert {naam: indexen.get(naam) for naam in verwacht} == verwacht
    assert "ix_feit_soort_datum_dekkend" not in indexen
