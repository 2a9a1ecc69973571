"""The aggregates the projection keeps beside the facts, in the same transaction.

- `feit_dag`: facts per municipality, kind, day and combination of the attributes the counting
  indicators break down by (source, partner type, channel, target groups, result, crisis,
  reached, deadline met), with their number.
- `zaak`: per case, its first fact of each kind the per-case indicators follow (earliest date,
  then lowest id, as the detailed path's `Context.eerste_per_zaak` picks it) with the attributes
  they read, and the last date of some kinds.
- `inwoner`: per resident key (of facts that carry one), the first signal with its partner type,
  the first date the resident was reached, and the first and last date of signals, requests for
  help and exits.

Only facts actually inserted are added (a repeated event inserts nothing), so the aggregates stay
exactly what the facts say; `herbouw` derives them again from every stored fact (after a
migration, or after facts were derived again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from services.reporting.indicatoren.beleidsplan import NA_CONTACT
from services.reporting.models import (
    INWONER_DATA,
    ZAAK_LAATSTE,
    ZAAK_SOORTEN,
    feit,
    feit_dag,
    inwoner,
    zaak,
)
from services.reporting.soorten import FeitSoort

DIMENSIES = (
    "bron", "partner_type", "kanaal", "doelgroepen", "resultaat", "crisis", "bereikt", "gehaald",
)  # fmt: skip
_VLAGGEN = frozenset({"crisis", "bereikt", "gehaald"})
_DIMENSIE_KOLOMMEN = tuple(feit.c[name] for name in DIMENSIES)
# What the insert of facts returns for the aggregates.
TERUGGAVE = (
    feit.c.id,
    feit.c.gemeentecode,
    feit.c.soort,
    feit.c.datum,
    feit.c.zaak,
    feit.c.subject_key,
    feit.c.referentie_datum,
    *_DIMENSIE_KOLOMMEN,
)
_ZAAK_WAARDEN = [c.name for c in zaak.c if c.name not in ("gemeentecode", "bron", "zaak")]
_BATCH = 5000


def _insert(bind: Connection, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    return postgresql.insert(table) if bind.dialect.name == "postgresql" else sqlite.insert(table)


def dimensies(row: Any) -> dict[str, Any]:
    """The breakdown attributes of a fact row (flags as bool, whatever the driver returned)."""
    values = {name: getattr(row, name) for name in DIMENSIES}
    for name in _VLAGGEN:
        if values[name] is not None:
            values[name] = bool(values[name])
    return values


def sleutel(values: Mapping[str, Any]) -> str:
    """A digest of one combination of breakdown attributes (None and "" differ)."""
    text = repr(tuple(values[name] for name in DIMENSIES))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _dagtellingen(bind: Connection, rows: Iterable[Any]) -> None:
    dagen: dict[tuple[str, str, date, str], dict[str, Any]] = {}
    for row in rows:
        values = dimensies(row)
        key = (row.gemeentecode, row.soort, row.datum, sleutel(values))
        entry = dagen.get(key)
        if entry is None:
            sleutels = {"gemeentecode": key[0], "soort": key[1], "datum": key[2], "sleutel": key[3]}
            dagen[key] = {**sleutels, **values, "aantal": 1}
        else:
            entry["aantal"] += 1
    if dagen:
        statement = _insert(bind, feit_dag)
        bind.execute(
            statement.on_conflict_do_update(
                index_elements=["gemeentecode", "soort", "datum", "sleutel"],
                set_={"aantal": feit_dag.c.aantal + statement.excluded.aantal},
            ),
            [dagen[k] for k in sorted(dagen)],  # a fixed order: concurrent upserts do not deadlock
        )


def _attribuut(row: Any, naam: str) -> Any:
    value = getattr(row, naam)
    return bool(value) if naam in _VLAGGEN and value is not None else value


def _zaken(bind: Connection, rows: Iterable[Any]) -> None:
    per_zaak: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        if row.soort not in ZAAK_SOORTEN or not row.zaak:  # as Context.zaak_sleutel
            continue
        key = (row.gemeentecode, row.bron, row.zaak)
        entry = per_zaak.get(key)
        if entry is None:
            entry = per_zaak[key] = dict.fromkeys(_ZAAK_WAARDEN)
        k, fid = row.soort, int(row.id)
        if entry[f"{k}_datum"] is None or (row.datum, fid) < (
            entry[f"{k}_datum"],
            entry[f"{k}_id"],
        ):
            entry[f"{k}_datum"], entry[f"{k}_id"] = row.datum, fid
            for naam in ZAAK_SOORTEN[k]:
                entry[f"{k}_{naam}"] = _attribuut(row, naam)
        if k in ZAAK_LAATSTE:
            laatste = entry[f"{k}_laatste"]
            entry[f"{k}_laatste"] = row.datum if laatste is None else max(laatste, row.datum)
    if not per_zaak:
        return
    statement = _insert(bind, zaak)
    nieuw = statement.excluded
    set_: dict[str, Any] = {}
    for k, attributen in ZAAK_SOORTEN.items():
        datum, volgnummer, oud = nieuw[f"{k}_datum"], nieuw[f"{k}_id"], zaak.c[f"{k}_datum"]
        eerder = sa.and_(
            datum.is_not(None),
            sa.or_(
                oud.is_(None),
                datum < oud,
                sa.and_(datum == oud, volgnummer < zaak.c[f"{k}_id"]),
            ),
        )
        for naam in (f"{k}_datum", f"{k}_id", *(f"{k}_{a}" for a in attributen)):
            set_[naam] = sa.case((eerder, nieuw[naam]), else_=zaak.c[naam])
    for k in ZAAK_LAATSTE:
        naam = f"{k}_laatste"
        set_[naam] = sa.case(
            (zaak.c[naam].is_(None), nieuw[naam]),
            (nieuw[naam] > zaak.c[naam], nieuw[naam]),
            else_=zaak.c[naam],
        )
    bind.execute(
        statement.on_conflict_do_update(index_elements=["gemeentecode", "bron", "zaak"], set_=set_),
        [
            {"gemeentecode": g, "bron": b, "zaak": z, **per_zaak[(g, b, z)]}
            for g, b, z in sorted(per_zaak)
        ],
    )


def bereikt(soort: str | None, bereikt_: bool | None, resultaat: str | None) -> bool:
    """Whether a fact shows the resident was reached (as `beleidsplan.contact_per_inwoner`)."""
    if soort == FeitSoort.CONTACTPOGING.value:
        return bereikt_ is True
    if soort == FeitSoort.CASUS_AFGESLOTEN.value:
        return bereikt_ is True or resultaat in NA_CONTACT
    return False


_INWONER_WAARDEN = [c.name for c in inwoner.c if c.name not in ("gemeentecode", "subject_key")]
_INWONER_SOORTEN = frozenset(
    {*INWONER_DATA, FeitSoort.CONTACTPOGING.value, FeitSoort.CASUS_AFGESLOTEN.value}
)


def _vroegste(oud: Any, nieuw: Any) -> Any:
    return nieuw if oud is None or (nieuw is not None and nieuw < oud) else oud


def _laatste(oud: Any, nieuw: Any) -> Any:
    return nieuw if oud is None or (nieuw is not None and nieuw > oud) else oud


def _inwoners(bind: Connection, rows: Iterable[Any]) -> None:
    per_inwoner: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        if row.soort not in _INWONER_SOORTEN or not row.subject_key:
            continue
        key = (row.gemeentecode, row.subject_key)
        entry = per_inwoner.get(key)
        if entry is None:
            entry = per_inwoner[key] = dict.fromkeys(_INWONER_WAARDEN)
        k, fid = row.soort, int(row.id)
        if k == FeitSoort.SIGNAAL.value and (
            entry["signaal_datum"] is None
            or (row.datum, fid) < (entry["signaal_datum"], entry["signaal_id"])
        ):
            entry["signaal_id"], entry["signaal_partner_type"] = fid, row.partner_type
        if k in INWONER_DATA:
            entry[f"{k}_datum"] = _vroegste(entry[f"{k}_datum"], row.datum)
            entry[f"{k}_laatste"] = _laatste(entry[f"{k}_laatste"], row.datum)
        if bereikt(k, _vlag(row.bereikt), row.resultaat):
            entry["bereikt_datum"] = _vroegste(entry["bereikt_datum"], row.datum)
    if not per_inwoner:
        return
    statement = _insert(bind, inwoner)
    nieuw, oud = statement.excluded, inwoner.c

    def vroegste(naam: str) -> Any:
        return sa.case(
            (oud[naam].is_(None), nieuw[naam]),
            (nieuw[naam] < oud[naam], nieuw[naam]),
            else_=oud[naam],
        )

    def laatste(naam: str) -> Any:
        return sa.case(
            (oud[naam].is_(None), nieuw[naam]),
            (nieuw[naam] > oud[naam], nieuw[naam]),
            else_=oud[naam],
        )

    d, i = "signaal_datum", "signaal_id"
    eerder = sa.and_(
        nieuw[d].is_not(None),
        sa.or_(oud[d].is_(None), nieuw[d] < oud[d], sa.and_(nieuw[d] == oud[d], nieuw[i] < oud[i])),
    )
    set_: dict[str, Any] = {
        naam: sa.case((eerder, nieuw[naam]), else_=oud[naam])
        for naam in (i, "signaal_partner_type")
    }
    set_["bereikt_datum"] = vroegste("bereikt_datum")
    for k in INWONER_DATA:
        set_[f"{k}_datum"] = vroegste(f"{k}_datum")
        set_[f"{k}_laatste"] = laatste(f"{k}_laatste")
    bind.execute(
        statement.on_conflict_do_update(index_elements=["gemeentecode", "subject_key"], set_=set_),
        [
            {"gemeentecode": g, "subject_key": s, **per_inwoner[(g, s)]}
            for g, s in sorted(per_inwoner)
        ],
    )


def _vlag(value: Any) -> bool | None:
    return None if value is None else bool(value)


# What `herbouw` derives again, and how each is kept.
DELEN: dict[str, tuple[sa.Table, Any]] = {
    "feit_dag": (feit_dag, _dagtellingen),
    "zaak": (zaak, _zaken),
    "inwoner": (inwoner, _inwoners),
}


def bijwerken(
    bind: Connection, rows: Iterable[Any], *, delen: Iterable[str] = tuple(DELEN)
) -> None:
    """Add newly inserted fact rows (with the columns of TERUGGAVE) to the aggregates."""
    rows = [row for row in rows if row.soort is not None]
    for deel in delen:
        DELEN[deel][1](bind, rows)


def herbouw(bind: Connection, *, delen: Sequence[str] = tuple(DELEN)) -> None:
    """Derive the aggregates (all, or those named) again from every stored fact, in batches."""
    for deel in delen:
        bind.execute(DELEN[deel][0].delete())
    after = 0
    while True:
        rows = bind.execute(
            sa.select(*TERUGGAVE)
            .where(feit.c.id > after, feit.c.soort.is_not(None))
            .order_by(feit.c.id)
            .limit(_BATCH * 4)
        ).all()
        if not rows:
            return
        bijwerken(bind, rows, delen=delen)
        after = rows[-1].id
