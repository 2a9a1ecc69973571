"""Two pushes of the same (creditor, partnerId) at once store one signal (PostgreSQL)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import sqlalchemy as sa

from services.signals import verwerking
from services.signals.models import signaal
from services.signals.schemas import SignaalCreate
from shared import testing
from shared.auth import Principal, Role
from shared.contracts.ddas import Signaalpartner
from shared.db import unit_of_work
from tests.signals.helpers import signaal as signaal_body

pytestmark = pytest.mark.skipif(
    testing.postgres_server_url() is None, reason="SQLite admits one writer at a time"
)


def test_concurrent_duplicate_push_reads_as_a_repeat(client_for) -> None:
    client = client_for("signals")
    app: Any = client.app
    ctx = verwerking.Context(
        principal=Principal(subject="eh", roles=frozenset({Role.creditor}), creditor_id="eh"),
        creditor_id="eh",
        partner_type=Signaalpartner.HUUR,
        policy=app.state.policy,
        pseudonym_key=app.state.settings.pseudonym_key,
        match_drempel=0.92,
        grijs_drempel=0.8,
    )
    item = SignaalCreate.model_validate(signaal_body())
    first_inserted = threading.Event()
    results: dict[str, tuple[str, dict[str, Any] | None]] = {}

    def first() -> None:
        with unit_of_work(app.state.connect) as session:
            results["first"] = verwerking.ontvang_een(session, app.state.plumbing, item, ctx=ctx)
            first_inserted.set()
            time.sleep(0.5)  # the second push now waits on the unique constraint

    def second() -> None:
        first_inserted.wait(5)
        with unit_of_work(app.state.connect) as session:
            results["second"] = verwerking.ontvang_een(session, app.state.plumbing, item, ctx=ctx)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results["first"][1] is not None
    assert results["second"] == (results["first"][0], None)
    with app.state.engine.connect() as connection:
        count = connection.execute(sa.select(sa.func.count()).select_from(signaal)).scalar_one()
    assert count == 1
