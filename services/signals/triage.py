"""Triage of the outreach queue: the policy's table (`signalen.triage`) as SQL expressions.

The first rule whose conditions all hold gives a case its priority; without one it is
`normaal`. The same expressions order the queue, filter it by priority and name the rule in each
case read, so the order a coordinator sees and the priority shown cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from services.signals.models import casus, signaal
from shared.policy import Prioriteit, TriageRegel

JONGERE_TOT_JAAR = 28  # target group young people: under 28, i.e. up to and including 27


def jongere(today: date) -> sa.ColumnElement[bool]:
    """A signal of the case about a resident of the target group young people (16 to 27)."""
    grens = date(today.year - JONGERE_TOT_JAAR, today.month, min(today.day, 28))
    return sa.exists().where(signaal.c.casus_id == casus.c.id, signaal.c.geboortedatum > grens)


def _voorwaarde(regel: TriageRegel, today: date) -> sa.ColumnElement[bool]:
    c = casus.c
    delen: list[sa.ColumnElement[bool]] = []
    if regel.crisis is not None:
        delen.append(c.crisis == regel.crisis)
    if regel.warme_overdracht is not None:
        delen.append(c.warme_overdracht == regel.warme_overdracht)
    if regel.partners:
        delen.append(
            sa.exists().where(
                signaal.c.casus_id == c.id,
                signaal.c.partner_type.in_([p.value for p in regel.partners]),
            )
        )
    if regel.bedrag_vanaf is not None:
        delen.append(c.totaal_bedrag >= regel.bedrag_vanaf)
    if regel.wachtdagen_vanaf is not None:
        delen.append(c.matchingsdatum <= today - timedelta(days=regel.wachtdagen_vanaf))
    if regel.jongere is not None:
        delen.append(jongere(today) if regel.jongere else ~jongere(today))
    return sa.and_(sa.true(), *delen)


def _case(regels: Sequence[TriageRegel], today: date, waarde: Any, anders: Any) -> Any:
    anders_ = sa.null() if anders is None else sa.literal(anders)
    if not regels:
        return anders_
    return sa.case(*((_voorwaarde(r, today), sa.literal(waarde(r))) for r in regels), else_=anders_)


def rang(regels: Sequence[TriageRegel], today: date) -> sa.ColumnElement[int]:
    """0 for `vandaag`, 1 for `hoog`, 2 for `normaal`: the queue's first sort key."""
    expression: sa.ColumnElement[int] = _case(
        regels, today, lambda r: r.prioriteit.rang, Prioriteit.NORMAAL.rang
    )
    return expression


def kolommen(regels: Sequence[TriageRegel], today: date) -> tuple[sa.Label[Any], sa.Label[Any]]:
    """The priority rank and the deciding rule's name, to select with a case row."""
    naam = _case(regels, today, lambda r: r.naam, None)
    return rang(regels, today).label("triage_rang"), naam.label("triage_regel")


def prioriteit(triage_rang: int) -> Prioriteit:
    return list(Prioriteit)[triage_rang]
