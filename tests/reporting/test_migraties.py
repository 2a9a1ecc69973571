"""The migrations build the indexes models.py declares for the facts and the residents (0008
and 0009: covering indexes replace the narrower ones of 0006 and 0007)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from services.reporting.models import feit, inwoner
from shared.db import create_db_engine


@pytest.mark.parametrize(
    ("tabel", "vervangen"),
    [
        (feit, {"ix_feit_soort_datum_dekkend", "ix_feit_subject_key_soort_datum_dekkend"}),
        (inwoner, {"ix_inwoner_gemeentecode_signaal_laatste"}),
    ],
)
def test_the_indexes_are_those_of_the_model(
    service_databases, tabel: sa.Table, vervangen: set[str]
) -> None:
    engine = create_db_engine(service_databases["reporting"])
    try:
        indexen = {i["name"]: i["column_names"] for i in sa.inspect(engine).get_indexes(tabel.name)}
    finally:
        engine.dispose()

    verwacht = {i.name: [c.name for c in i.columns] for i in tabel.indexes}
    assert {naam: indexen.get(naam) for naam in verwacht} == verwacht
    assert vervangen.isdisjoint(indexen)
