"""Hand-over to intake: a resident reached by outreach asks for help (a command via the outbox).

Sent when a case closes with "Vervolghulp en/of verwijzing financieel" and the resident's
consent, and at once for a partner's warm hand-over (warmeOverdracht: the partner already has
contact and asks the municipality to take over, DOMAIN.md §2).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from shared.contracts.ddas import Signaalpartner
from shared.contracts.handoffs import (
    INTAKE_VROEGSIGNAAL_OVERDRACHTEN_PATH,
    Persoon,
    VroegsignaalOverdracht,
)
from shared.outbox import enqueue_command
from shared.plumbing import PlumbingTables

PERSOON_VELDEN = (
    "bsn",
    "voorletters",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "straat",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
)


def persoon(gegevens: Mapping[str, Any]) -> Persoon:
    """The resident as intake receives them, from a signal row or a pushed signal."""
    return Persoon.model_validate(
        {veld: gegevens.get(veld) for veld in PERSOON_VELDEN if gegevens.get(veld) is not None}
    )


def stuur_overdracht(
    session: Connection,
    tables: PlumbingTables,
    *,
    casus_id: str,
    inwoner: Mapping[str, Any],
    subject_key: str,
    gemeentecode: str,
    partner_types: Sequence[Signaalpartner | str],
    totaal: Decimal,
    crisis: bool,
    warm: bool,
    overdrachtsdatum: date,
    toelichting: str | None,
) -> str:
    """Queue the VroegsignaalOverdracht command in the caller's transaction; its message id."""
    command = VroegsignaalOverdracht(
        casus_id=uuid.UUID(casus_id),
        gemeentecode=gemeentecode,
        inwoner=persoon(inwoner),
        subject_key=subject_key,
        signaalpartners=sorted({Signaalpartner(p) for p in partner_types}),
        totaal_achterstand=totaal,
        crisis=crisis,
        warme_overdracht=warm,
        overdrachtsdatum=overdrachtsdatum,
        toelichting=toelichting,
    )
    return enqueue_command(
        session,
        tables,
        destination="intake",
        path=INTAKE_VROEGSIGNAAL_OVERDRACHTEN_PATH,
        body=command.model_dump(mode="json", by_alias=True, exclude_none=True),
    )
