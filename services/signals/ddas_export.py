"""The DDAS early-signal delivery: a projection of our signals and cases, paged per signal.

Records are the signals whose signal date falls in the period, ordered by date and id. A case
appears on the page that holds its first signal of the period, with all its signal ids.
Amounts go out in whole euros (DOMAIN.md §4); the municipality code as its four digits.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.signals.ddas_schemas import (
    Client,
    Contactpoging,
    GegevensRequest,
    GegevensResponse,
    Levering,
    Organisatie,
    Paginering,
    SignaalpartnerRef,
    SignaalRef,
    Uitwisselmodel,
    Vroegsignaal,
    Vroegsignaalzaak,
)
from services.signals.models import casus, contactpoging, signaal
from shared.sql import in_set
from shared.types import to_whole_euros


def _client(row: Any) -> Client:
    huisnummer = None
    if row.huisnummer is not None:
        huisnummer = f"{row.huisnummer}{row.huisletter or ''}"
    return Client(
        Burgerservicenummer=row.bsn,
        Voorletters=row.voorletters,
        Voorvoegsel=row.tussenvoegsel,
        Achternaam=row.achternaam,
        Geboortedatum=row.geboortedatum,
        Straatnaam=row.straat,
        Postcode=row.postcode,
        Huisnummer=huisnummer,
        Huisnummertoevoeging=row.huisnummertoevoeging,
        Plaatsnaam=row.woonplaats,
    )


def levering(
    session: Connection,
    request: GegevensRequest,
    *,
    gemeentecode: str,
    organisatie: str,
    leverancier: str,
) -> tuple[GegevensResponse, list[str]]:
    """One page of the delivery, and the person keys it contains (for the processing log)."""
    in_periode = (
        signaal.c.gemeentecode == gemeentecode,
        signaal.c.signaaldatum >= request.aanleverperiode_startdatum,
        signaal.c.signaaldatum <= request.aanleverperiode_einddatum,
    )
    total = session.execute(sa.select(sa.func.count()).where(*in_periode)).scalar_one()
    rows = session.execute(
        sa.select(signaal)
        .where(*in_periode)
        .order_by(signaal.c.signaaldatum, signaal.c.id)
        .offset((request.page - 1) * request.page_size)
        .limit(request.page_size)
    ).all()
    zaken = _zaken(session, list(rows), request=request)
    response = GegevensResponse(
        gegevens=Uitwisselmodel(
            startdatumLevering=request.aanleverperiode_startdatum,
            einddatumLevering=request.aanleverperiode_einddatum,
            aanleverdatumEnTijd=datetime.now(UTC).replace(microsecond=0),
            codeGegevensleverancier=leverancier,
            leveringen=[
                Levering(
                    teller=1,
                    gemeentecode=gemeentecode.removeprefix("GM"),
                    aanleverende_organisatie=Organisatie(naam=organisatie),
                    vroegsignalen=[
                        Vroegsignaal(
                            ID=row.id,
                            crisissignaal=row.crisissignaal,
                            warmeOverdracht=row.warme_overdracht,
                            bedrag=to_whole_euros(row.bedrag),
                            ontstaansdatum=row.ontstaansdatum,
                            signaaldatum=row.signaaldatum,
                            status=row.status,
                            signaalpartner=SignaalpartnerRef(type=row.partner_type),
                            client=_client(row),
                        )
                        for row in rows
                    ],
                    vroegsignaalzaken=zaken,
                )
            ],
        ),
        paginering=Paginering(
            pageSize=request.page_size,
            currentPage=request.page,
            totalPages=max(1, math.ceil(total / request.page_size)),
            totalRecords=int(total),
        ),
    )
    return response, [row.subject_key for row in rows]


def _zaken(
    session: Connection, rows: list[Any], *, request: GegevensRequest
) -> list[Vroegsignaalzaak]:
    casus_ids = sorted({row.casus_id for row in rows if row.casus_id})
    if not casus_ids:
        return []
    eerste_op_pagina = {row.id for row in rows}
    signalen: dict[str, list[Any]] = defaultdict(list)
    # The page's cases (up to 25,000) as one parameter each time (`in_set`).
    van_pagina = {"ids": casus_ids}
    for s in session.execute(
        sa.select(signaal.c.id, signaal.c.casus_id, signaal.c.signaaldatum)
        .where(in_set(signaal.c.casus_id, "ids"))
        .order_by(signaal.c.signaaldatum, signaal.c.id),
        van_pagina,
    ):
        signalen[s.casus_id].append(s)
    pogingen: dict[str, list[Contactpoging]] = defaultdict(list)
    for p in session.execute(
        sa.select(contactpoging)
        .where(in_set(contactpoging.c.casus_id, "ids"))
        .order_by(contactpoging.c.datum, contactpoging.c.id),
        van_pagina,
    ):
        pogingen[p.casus_id].append(
            Contactpoging(soort=p.soort, bereikt=p.bereikt, datum=p.datum, dagdeel=p.dagdeel)
        )
    zaken = []
    for c in session.execute(
        sa.select(casus).where(in_set(casus.c.id, "ids")).order_by(casus.c.id), van_pagina
    ):
        in_periode = [
            s
            for s in signalen[c.id]
            if request.aanleverperiode_startdatum
            <= s.signaaldatum
            <= request.aanleverperiode_einddatum
        ]
        if not in_periode or in_periode[0].id not in eerste_op_pagina:
            continue  # the case goes out with the page that holds its first signal
        zaken.append(
            Vroegsignaalzaak(
                resultaat=c.resultaat,
                matchingsdatum=c.matchingsdatum,
                startdatum_matchtingperiode=c.startdatum_matchingperiode,
                einddatum_matchingperiode=c.einddatum_matchingperiode,
                datum_opgepakt=c.datum_opgepakt,
                vroegsignalen=[SignaalRef(ID=s.id) for s in signalen[c.id]],
                contactpogingen=pogingen[c.id],
            )
        )
    return zaken
