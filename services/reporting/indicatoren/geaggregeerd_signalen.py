"""Aggregated path, continued: early-signal residents (contact, conversion) and cases (contact
attempts, time to pick-up), merged cases counted as the case they were merged into."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

import sqlalchemy as sa

from services.reporting.indicatoren import beleidsplan, vroegsignalering
from services.reporting.indicatoren.bevraging import Bevraging, gewogen_telling
from services.reporting.indicatoren.context import Uitkomst, aandeel, dagen, gemiddelde, resultaat
from services.reporting.models import feit, zaak
from services.reporting.soorten import FeitSoort as S

_LOS = 500  # keys per IN list
# (partner type of the first signal, reached, asked for help afterwards, number of residents)
Inwoners = list[tuple[str | None, bool, bool, int]]


def _bereikt(c: Any, b: Bevraging) -> Any:
    """A fact that shows the resident was reached (attempt reached, or a result after contact)."""
    return sa.or_(
        sa.and_(c.c.soort == S.CONTACTPOGING.value, c.c.bereikt == sa.true()),
        sa.and_(
            c.c.soort == S.CASUS_AFGESLOTEN.value,
            sa.or_(c.c.bereikt == sa.true(), c.c.resultaat.in_(sorted(beleidsplan.NA_CONTACT))),
        ),
    )


def _inwoners(b: Bevraging) -> Inwoners:
    """As `beleidsplan.contact_per_inwoner` and `vroegsignalering.conversie`, per resident with
    a signal in the period, grouped."""

    def bereken() -> Inwoners:
        signaal = (
            sa.select(b.onderwerp(feit).label("subj"), feit.c.partner_type, feit.c.datum, feit.c.id)
            .where(*b.in_periode(feit, S.SIGNAAL))
            .subquery("signaal")
        )
        volgorde = sa.func.row_number().over(
            partition_by=signaal.c.subj, order_by=(signaal.c.datum, signaal.c.id)
        )
        eerste = (
            sa.select(
                signaal.c.subj, signaal.c.partner_type, signaal.c.datum, volgorde.label("rang")
            )
            .where(signaal.c.subj.is_not(None), signaal.c.subj != "")
            .subquery("eerste")
        )
        c, h = feit.alias("c"), feit.alias("h")
        bereikt = sa.exists().where(
            c.c.subject_key == eerste.c.subj,
            *b.van(c, S.CONTACTPOGING, S.CASUS_AFGESLOTEN),
            _bereikt(c, b),
        )
        hulp = sa.exists().where(
            h.c.subject_key == eerste.c.subj,
            *b.van(h, S.AANVRAAG, S.TRAJECT_GESTART),
            h.c.datum >= eerste.c.datum,
        )
        vlaggen = (
            sa.select(
                eerste.c.subj,
                eerste.c.partner_type,
                eerste.c.datum,
                sa.case((bereikt, 1), else_=0).label("bereikt"),
                sa.case((hulp, 1), else_=0).label("hulp"),
            )
            .where(eerste.c.rang == 1)
            .subquery("vlaggen")
        )
        kolommen = (vlaggen.c.partner_type, vlaggen.c.bereikt, vlaggen.c.hulp)
        rows = b.rijen(sa.select(*kolommen, sa.func.count().label("n")).group_by(*kolommen))
        groepen: Counter[tuple[str | None, bool, bool]] = Counter()
        for r in rows:
            groepen[(r.partner_type, bool(r.bereikt), bool(r.hulp))] += int(r.n)
        _zonder_eigen_sleutel(b, vlaggen, groepen)
        return [(p, br, hu, n) for (p, br, hu), n in groepen.items() if n]

    return b.eenmaal("inwoners", bereken)


def _zonder_eigen_sleutel(b: Bevraging, vlaggen: Any, groepen: Counter[Any]) -> None:
    """Facts of contact or help without a resident key of their own take their case's (rare):
    correct the residents they concern."""
    c = feit.alias("c")
    rows = b.rijen(
        sa.select(
            b.onderwerp(c).label("subj"), c.c.soort, c.c.datum, _bereikt(c, b).label("bereikt")
        ).where(
            *b.van(c, S.CONTACTPOGING, S.CASUS_AFGESLOTEN, S.AANVRAAG, S.TRAJECT_GESTART),
            c.c.subject_key.is_(None),
        )
    )
    bereikt: set[str] = set()
    hulp: dict[str, list[date]] = defaultdict(list)
    for r in rows:
        if not r.subj:
            continue
        if r.soort in (S.AANVRAAG.value, S.TRAJECT_GESTART.value):
            hulp[r.subj].append(r.datum)
        elif r.bereikt:
            bereikt.add(r.subj)
    betrokken = sorted(bereikt | set(hulp))
    for i in range(0, len(betrokken), _LOS):
        for r in b.rijen(sa.select(vlaggen).where(vlaggen.c.subj.in_(betrokken[i : i + _LOS]))):
            oud = (r.partner_type, bool(r.bereikt), bool(r.hulp))
            nieuw_hulp = bool(r.hulp) or any(d >= r.datum for d in hulp.get(r.subj, []))
            nieuw = (r.partner_type, bool(r.bereikt) or r.subj in bereikt, nieuw_hulp)
            groepen[oud] -= 1
            groepen[nieuw] += 1


def contact_signalen(b: Bevraging) -> Uitkomst:
    return beleidsplan.contact_uitkomst((p, bereikt, n) for p, bereikt, _, n in _inwoners(b))


def unieke_inwoners(b: Bevraging) -> Uitkomst:
    return vroegsignalering.unieke_uitkomst((p, n) for p, _, _, n in _inwoners(b))


def conversie(b: Bevraging) -> Uitkomst:
    inwoners = _inwoners(b)
    return aandeel(sum(n for _, _, hulp, n in inwoners if hulp), sum(n for *_, n in inwoners))


def contactpogingen_per_casus(b: Bevraging) -> Uitkomst:
    items = b.dagen(S.CONTACTPOGING)
    rows = b.rijen(
        sa.select(feit.c.bron, feit.c.zaak, sa.func.count().label("n"))
        .where(*b.in_periode(feit, S.CONTACTPOGING), feit.c.zaak.is_not(None), feit.c.zaak != "")
        .group_by(feit.c.bron, feit.c.zaak)
    )
    per_zaak: Counter[tuple[str, str | None]] = Counter()
    for r in rows:
        per_zaak[(r.bron, b.hoofdzaak(r.bron, r.zaak))] += int(r.n)
    result = gemiddelde([float(n) for n in per_zaak.values()])
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
    alias = b.alias()
    samengevoegd = set(alias) | {(bron, doel) for (bron, _), doel in alias.items()}
    query = sa.select(
        zaak.c.bron,
        zaak.c.zaak,
        zaak.c.casus_opgepakt_datum.label("datum"),
        zaak.c.casus_opgepakt_referentie_datum.label("referentie_datum"),
        b.eerst(S.SIGNAAL, "referentie_datum").label("signaal_referentie"),
        b.eerst(S.SIGNAAL).label("signaal_datum"),
        b.eerst(S.CASUS_GEOPEND).label("geopend"),
    ).where(*b.zaken_in_periode(S.CASUS_OPGEPAKT))
    waarden = []
    for r in b.rijen(query):
        if (r.bron, r.zaak) in samengevoegd:
            continue
        signaal = (r.signaal_referentie, r.signaal_datum) if r.signaal_datum else None
        if (start := _start(r.referentie_datum, signaal, r.geopend)) is not None:
            waarden.append(float(dagen(start, r.datum)))
    waarden.extend(_samengevoegd_tot_oppakken(b, samengevoegd))
    return gemiddelde(waarden)


_GEVOLGD = (S.CASUS_OPGEPAKT, S.SIGNAAL, S.CASUS_GEOPEND)


def _samengevoegd_tot_oppakken(b: Bevraging, samengevoegd: set[tuple[str, str]]) -> list[float]:
    """The same for merged cases: each group's first facts over all its cases."""
    eerste: dict[tuple[S, str, str | None], tuple[date, int, date | None]] = {}
    kolommen = [zaak.c.bron, zaak.c.zaak]
    for soort in _GEVOLGD:
        kolommen += [zaak.c[f"{soort.value}_{naam}"] for naam in ("datum", "id", "referentie_datum")
                     if f"{soort.value}_{naam}" in zaak.c]  # fmt: skip
    for bron in sorted({bron for bron, _ in samengevoegd}):
        zaken = sorted(zaak_ for b_, zaak_ in samengevoegd if b_ == bron)
        for i in range(0, len(zaken), _LOS):
            query = sa.select(*kolommen).where(
                zaak.c.gemeentecode == b.gemeentecode,
                zaak.c.bron == bron,
                zaak.c.zaak.in_(zaken[i : i + _LOS]),
            )
            for r in b.rijen(query):
                hoofd = b.hoofdzaak(bron, r.zaak)
                for soort in _GEVOLGD:
                    datum = getattr(r, f"{soort.value}_datum")
                    if datum is None or datum >= b.periode.tot:
                        continue
                    fid = int(getattr(r, f"{soort.value}_id"))
                    referentie = getattr(r, f"{soort.value}_referentie_datum", None)
                    key = (soort, bron, hoofd)
                    if key not in eerste or (datum, fid) < eerste[key][:2]:
                        eerste[key] = (datum, fid, referentie)
    waarden = []
    for (soort, bron, hoofd), (datum, _, referentie) in eerste.items():
        if soort is not S.CASUS_OPGEPAKT or not b.periode.bevat(datum):
            continue
        signaal = eerste.get((S.SIGNAAL, bron, hoofd))
        geopend = eerste.get((S.CASUS_GEOPEND, bron, hoofd))
        start = _start(
            referentie,
            (signaal[2], signaal[0]) if signaal else None,
            geopend[0] if geopend else None,
        )
        if start is not None:
            waarden.append(float(dagen(start, datum)))
    return waarden
