"""Registration below HTTP: the database keeps one open melding per resident, even in a race."""

from __future__ import annotations

from datetime import date

import pytest

from services.intake.context import IntakeContext
from services.intake.recidive import ONBEKEND
from services.intake.service import registratie
from shared.auth import Principal, Role
from shared.contracts.handoffs import Kanaal, Persoon
from shared.db import unit_of_work
from shared.problems import Conflict

DESK = Principal(subject="loket-1", roles=frozenset({Role.loket}))


def test_second_open_melding_for_a_resident_is_refused_by_the_database(intake) -> None:
    app = intake.app

    def insert_without_the_check() -> str:
        with unit_of_work(app.state.connect) as session:
            ctx = IntakeContext(
                session=session,
                policy=app.state.policy,
                settings=app.state.settings,
                principal=DESK,
            )
            return registratie.registreer(
                ctx,
                subject_key="b" * 64,
                kanaal=Kanaal.TELEFOON,
                meldingdatum=date(2026, 5, 1),
                inwoner=Persoon(achternaam="Jansen"),
                crisis=False,
                crisissoort=None,
                crisisdatum=None,
                recidive=ONBEKEND,
            )["id"]

    first = insert_without_the_check()
    with pytest.raises(Conflict) as refused:
        insert_without_the_check()
    assert refused.value.links == {"melding": f"/v1/meldingen/{first}"}
