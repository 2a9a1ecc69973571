"""The migrations build the indexes models.py declares for the facts, residents and cases (0008
to 0014: covering and partial indexes, some replacing the narrower ones of 0006 and 0007)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from services.reporting.models import (
    INWONER_HULP_KOLOMMEN,
    ZAAK_DUUR_KOLOMMEN,
    feit,
    inwoner,
    zaak,
)
from shared.db import create_db_engine


@pytest.mark.parametrize(
    ("tabel", "vervangen"),
    [
        (feit, {"ix_feit_soort_datum_dekkend", "ix_feit_subject_key_soort_datum_dekkend"}),
        (
            inwoner,
            {f"ix_inwoner_gemeentecode_{k}" for k in ("signaal_laatste", *INWONER_HULP_KOLOMMEN)},
        ),
        (zaak, {f"ix_zaak_gemeentecode_{s}_datum" for s in ZAAK_DUUR_KOLOMMEN}),
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
