"""Aggregated path, continued: early-signal residents (contact, conversion) and cases (contact
attempts, time to pick-up), merged cases counted as the case they were merged into."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from services.reporting import aggregaten
from services.reporting.indicatoren import beleidsplan, vroegsignalering
from services.reporting.indicatoren.bevraging import Bevraging, bestaat, gewogen_telling
from services.reporting.indicatoren.context import (
    Uitkomst,
    aandeel,
    dagen,
    gemiddelde_duur,
    gemiddelde_van,
    hoofdzaak,
    resultaat,
)
from services.reporting.models import feit, inwoner, zaak
from services.reporting.soorten import FeitSoort as S
from shared.sql import in_set

# (partner type of the first signal, reached, asked for help afterwards, number of residents)
Inwoners = list[tuple[str | None, bool, bool, int]]


def _inwoners(b: Bevraging) -> Inwoners:
    """As `beleidsplan.contact_per_inwoner` and `vroegsignalering.conversie`, per resident with
    a signal in the period, grouped: from the residents' rows (`inwoner`), except the residents
    a fact without a key of its own is attributed to (rare), which are counted from their facts."""

    def bereken() -> Inwoners:
        zonder = zonder_eigen_sleutel(b, _GEVOLGD_PER_INWONER)
        groepen: Counter[tuple[str | None, bool, bool]] = Counter()
        for r in b.rijen(_inwoners_query(b, uitgezonderd=sorted(zonder))):
            groepen[(r.partner_type, bool(r.bereikt), bool(r.hulp))] += int(r.n)
        for vlaggen in _uit_feiten(b, zonder).values():
            groepen[vlaggen] += 1
        return [(p, br, hu, n) for (p, br, hu), n in groepen.items() if n]

    return b.eenmaal("inwoners", bereken)


def _inwoners_query(b: Bevraging, *, uitgezonderd: list[str]) -> sa.Select[Any]:
    """Residents with a signal in the period, grouped by (partner type of their first signal in
    it, reached before its end, asked for help on or after that signal and before its end)."""
    i, g = inwoner.c, b.gemeentecode
    vanaf, tot = b.periode.vanaf, b.periode.tot

    def eigen(f: Any, soort: S) -> list[Any]:
        return [f.c.subject_key == i.subject_key, f.c.soort == soort.value, f.c.gemeentecode == g]

    s, s2 = feit.alias("s"), feit.alias("s2")
    # The first signal ever is the first in the period when it falls in it; otherwise the
    # resident's own signals of the period are looked up (date, then id, partner type: in the
    # index).
    eerst_voor = i.signaal_datum < vanaf
    eerste_datum = (
        sa.select(sa.func.min(s.c.datum))
        .where(*eigen(s, S.SIGNAAL), s.c.datum >= vanaf, s.c.datum < tot)
        .scalar_subquery()
    )
    eerste_partner = (
        sa.select(s2.c.partner_type)
        .where(*eigen(s2, S.SIGNAAL), s2.c.datum >= vanaf, s2.c.datum < tot)
        .order_by(s2.c.datum, s2.c.id)
        .limit(1)
        .correlate(inwoner)
        .scalar_subquery()
    )
    datum = sa.case((eerst_voor, eerste_datum), else_=i.signaal_datum)
    partner = sa.case((eerst_voor, eerste_partner), else_=i.signaal_partner_type)
    eerste = (
        sa.select(
            i.subject_key,
            i.aanvraag_datum,
            i.aanvraag_laatste,
            i.traject_gestart_datum,
            i.traject_gestart_laatste,
            datum.label("datum"),
            partner.label("partner_type"),
            sa.case((i.bereikt_datum < tot, 1), else_=0).label("bereikt"),
        )
        .where(
            i.gemeentecode == g,
            i.signaal_datum < tot,
            i.signaal_laatste >= vanaf,
            *([i.subject_key.not_in(uitgezonderd)] if uitgezonderd else []),
        )
        .cte("eerste")
        .prefix_with("MATERIALIZED")
    )
    e = eerste.c

    def hulp_van(soort: S) -> Any:
        """A request for help of this kind dated on or after the first signal, before the end."""
        eerst, laatst = e[f"{soort.value}_datum"], e[f"{soort.value}_laatste"]
        h = feit.alias(f"h_{soort.value}")
        opzoeken = bestaat(
            h.c.subject_key == e.subject_key,
            h.c.soort == soort.value,
            h.c.gemeentecode == g,
            h.c.datum >= e.datum,
            h.c.datum < tot,
        )
        # A NULL in a condition would make the look-up run just to tell NULL from false.
        return sa.and_(
            eerst.is_not(None),
            sa.or_(
                sa.and_(eerst >= e.datum, eerst < tot),
                sa.and_(laatst >= e.datum, laatst < tot),
                sa.and_(eerst < e.datum, laatst >= tot, opzoeken),
            ),
        )

    hulp = sa.case((sa.or_(hulp_van(S.AANVRAAG), hulp_van(S.TRAJECT_GESTART)), 1), else_=0)
    kolommen = (e.partner_type, e.bereikt, hulp.label("hulp"))
    return (
        sa.select(*kolommen, sa.func.count().label("n"))
        .where(e.datum.is_not(None))
        .group_by(e.partner_type, e.bereikt, sa.literal_column("hulp"))
    )


_GEVOLGD_PER_INWONER = (
    S.SIGNAAL, S.CONTACTPOGING, S.CASUS_AFGESLOTEN, S.AANVRAAG, S.TRAJECT_GESTART,
)  # fmt: skip


def zonder_eigen_sleutel(b: Bevraging, soorten: Sequence[S]) -> dict[str, list[sa.Row[Any]]]:
    """The residents that facts of these kinds without a key of their own are attributed to
    (through their case), with all their facts of these kinds dated before the period's end."""
    c = feit.alias("c")

    def kolommen(f: Any, subj: Any) -> list[Any]:
        return [subj.label("subj"), f.c.id, f.c.soort, f.c.datum, f.c.partner_type,
                f.c.bereikt, f.c.resultaat]  # fmt: skip

    rows = b.rijen(
        sa.select(*kolommen(c, b.onderwerp(c))).where(
            *b.van(c, *soorten), c.c.subject_key.is_(None)
        )
    )
    feiten: dict[str, list[sa.Row[Any]]] = defaultdict(list)
    for r in rows:
        if r.subj:
            feiten[r.subj].append(r)
    if feiten:
        eigen = sa.select(*kolommen(feit, feit.c.subject_key)).where(
            *b.van(feit, *soorten), in_set(feit.c.subject_key, "inwoners")
        )
        for r in b.rijen(eigen, inwoners=list(feiten)):
            feiten[r.subj].append(r)
    return feiten


def _uit_feiten(
    b: Bevraging, feiten: dict[str, list[sa.Row[Any]]]
) -> dict[str, tuple[str | None, bool, bool]]:
    """(partner type, reached, help) of these residents, from their facts, as the detailed
    path computes them."""
    result = {}
    for subj, rows in feiten.items():
        signalen = sorted(
            (r.datum, r.id, r.partner_type)
            for r in rows
            if r.soort == S.SIGNAAL.value and b.periode.bevat(r.datum)
        )
        if not signalen:
            continue
        eerste, _, partner = signalen[0]
        bereikt = any(
            aggregaten.bereikt(r.soort, None if r.bereikt is None else bool(r.bereikt), r.resultaat)
            for r in rows
        )
        hulp = any(
            r.soort in (S.AANVRAAG.value, S.TRAJECT_GESTART.value) and r.datum >= eerste
            for r in rows
        )
        result[subj] = (partner, bereikt, hulp)
    return result


def contact_signalen(b: Bevraging) -> Uitkomst:
    return beleidsplan.contact_uitkomst((p, bereikt, n) for p, bereikt, _, n in _inwoners(b))


def unieke_inwoners(b: Bevraging) -> Uitkomst:
    return vroegsignalering.unieke_uitkomst((p, n) for p, _, _, n in _inwoners(b))


def conversie(b: Bevraging) -> Uitkomst:
    inwoners = _inwoners(b)
    return aandeel(sum(n for _, _, hulp, n in inwoners if hulp), sum(n for *_, n in inwoners))


def contactpogingen_per_casus(b: Bevraging) -> Uitkomst:
    items = b.dagen(S.CONTACTPOGING)
    met_zaak = [*b.in_periode(feit, S.CONTACTPOGING), feit.c.zaak.is_not(None), feit.c.zaak != ""]
    # Attempts and distinct cases per source, counted by the database; the merged cases (few)
    # are taken out again and counted as the cases they live on as.
    per_bron = b.rijen(
        sa.select(
            sa.func.count().label("pogingen"),
            sa.func.count(sa.distinct(feit.c.zaak)).label("zaken"),
        )
        .where(*met_zaak)
        .group_by(feit.c.bron)
    )
    pogingen = sum(int(r.pogingen) for r in per_bron)
    zaken = sum(int(r.zaken) for r in per_bron)
    s = b.samengevoegd_query()
    gezien = {
        (r.bron, r.zaak)
        for r in b.rijen(
            sa.select(feit.c.bron, feit.c.zaak)
            .distinct()
            .select_from(s.join(feit, sa.and_(feit.c.zaak == s.c.zaak, feit.c.bron == s.c.bron)))
            .where(*met_zaak)
        )
    }
    alias = b.alias()
    zaken += len({(bron, hoofdzaak(alias, bron, z)) for bron, z in gezien}) - len(gezien)
    result = gemiddelde_van(float(pogingen), zaken)
    result.uitsplitsingen["soort"] = gewogen_telling(items, s=resultaat).uitsplitsingen["s"]
    result.uitsplitsingen["bereikt"] = {
        "ja": float(sum(n for f, n in items if f.bereikt is True)),
        "nee": float(sum(n for f, n in items if f.bereikt is not True)),
    }
    return result


def _start(opgepakt_referentie: date | None, signaal: tuple[date | None, date] | None,
           geopend: date | None) -> date | None:  # fmt: skip
    """As `vroegsignalering.signaal_tot_oppakken`: where a case's waiting time starts."""
    start = opgepakt_referentie or ((signaal[0] or signaal[1]) if signaal else None)
    return geopend if start is None else start


def signaal_tot_oppakken(b: Bevraging) -> Uitkomst:
    """Days per case picked up in the period, counted by the database; merged cases (few) are
    taken out again and counted as their groups."""
    signaal = sa.func.coalesce(b.eerst(S.SIGNAAL, "referentie_datum"), b.eerst(S.SIGNAAL))
    start = sa.func.coalesce(
        zaak.c.casus_opgepakt_referentie_datum, signaal, b.eerst(S.CASUS_GEOPEND)
    )
    duren = b.duren(start, zaak.c.casus_opgepakt_datum, *b.zaken_in_periode(S.CASUS_OPGEPAKT))
    los, groepen = _samengevoegd_tot_oppakken(b)
    duren.subtract(los)
    duren.update(groepen)
    return gemiddelde_duur(duren)


_GEVOLGD = (S.CASUS_OPGEPAKT, S.SIGNAAL, S.CASUS_GEOPEND)
# Per kind its first fact's date, id and reference date (NULL where the case keeps none).
_GEVOLGD_KOLOMMEN = [
    zaak.c[kolom] if kolom in zaak.c else sa.null()
    for soort in _GEVOLGD
    for kolom in (f"{soort.value}_datum", f"{soort.value}_id", f"{soort.value}_referentie_datum")
]


def _samengevoegd_tot_oppakken(b: Bevraging) -> tuple[list[int], list[int]]:
    """The same for merged cases: the days each case picked up in the period counts on its own
    (as the database counted it), and those of each group, from its first facts over all its
    cases."""
    eerste: dict[tuple[S, str, str | None], tuple[date, int, date | None]] = {}
    los: list[int] = []
    query = sa.select(zaak.c.bron, zaak.c.zaak, *_GEVOLGD_KOLOMMEN).where(
        zaak.c.gemeentecode == b.gemeentecode,
        zaak.c.bron == sa.bindparam("bron"),
        in_set(zaak.c.zaak, "zaken"),
    )
    alias = b.alias()
    for bron, zaken in b.samengevoegd_per_bron().items():
        for r in b.rijen(query, bron=bron, zaken=zaken):
            hoofd = hoofdzaak(alias, bron, r.zaak)
            eigen: dict[S, tuple[date, int, date | None]] = {}
            for n, soort in enumerate(_GEVOLGD):
                datum, fid, referentie = r[2 + 3 * n : 5 + 3 * n]
                if datum is None or datum >= b.periode.tot:
                    continue
                eigen[soort] = (datum, int(fid), referentie)
                key = (soort, bron, hoofd)
                if key not in eerste or eigen[soort][:2] < eerste[key][:2]:
                    eerste[key] = eigen[soort]
            if (duur := _tot_oppakken(b, eigen)) is not None:
                los.append(duur)
    groepen: dict[tuple[str, str | None], dict[S, tuple[date, int, date | None]]] = defaultdict(
        dict
    )
    for (soort, bron, hoofd), waarde in eerste.items():
        groepen[(bron, hoofd)][soort] = waarde
    return los, [d for g in groepen.values() if (d := _tot_oppakken(b, g)) is not None]


def _tot_oppakken(b: Bevraging, eerste: dict[S, tuple[date, int, date | None]]) -> int | None:
    """Days from a case's (or group's) start to its pick-up, if picked up in the period."""
    opgepakt = eerste.get(S.CASUS_OPGEPAKT)
    if opgepakt is None or not b.periode.bevat(opgepakt[0]):
        return None
    signaal, geopend = eerste.get(S.SIGNAAL), eerste.get(S.CASUS_GEOPEND)
    start = _start(
        opgepakt[2],
        (signaal[2], signaal[0]) if signaal else None,
        geopend[0] if geopend else None,
    )
    return None if start is None else dagen(start, opgepakt[0])
