"""Generated traffic in the sources' event contracts, at any volume, for tests and benchmarks.

Random but reproducible (a seed): residents report to intake, some become trajectories with a
decision, stabilisation, an offer, a settlement and an exit; creditors send early signals that
open cases with contact attempts and end results, some merged; some residents come back within
five years. Payloads use the contracts' camelCase field names and DDAS values
(shared/contracts/*_events.py), as the sources' feeds serve them.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.reporting.soorten import Bron
from shared.contracts import intake_events as ie
from shared.contracts import signals_events as se
from shared.contracts import trajectory_events as te
from shared.contracts.ddas import (
    Begeleidingssoort,
    Contactsoort,
    Eindresultaat,
    Oplossingssoort,
    Signaalpartner,
    Signaalstatus,
    Uitstroomreden,
)
from shared.contracts.handoffs import Doelgroep, Kanaal
from shared.events import EventRead

GEMEENTE = "GM0362"
_BRON_NUMMER = {bron: n for n, bron in enumerate(Bron, start=1)}
_BANDEN = ("0-1000", "1000-5000", "5000-15000", "15000-25000", "25000-50000", "50000+")


@dataclass(frozen=True)
class Gebeurtenis:
    """One event of one source, before it has a cursor."""

    bron: Bron
    type: str
    dag: date
    payload: dict[str, Any]
    subject_key: str | None


def _sleutel(nummer: int) -> str:
    return f"{nummer:064x}"


class _Maker:
    def __init__(self, seed: int, *, begin: date, dagen: int, inwoners: int) -> None:
        self.rnd = random.Random(seed)
        self.begin = begin
        self.dagen = dagen
        self.inwoners = inwoners

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rnd.getrandbits(128), version=4))

    def dag(self) -> date:
        return self.begin + timedelta(days=self.rnd.randrange(self.dagen))

    def later(self, dag: date, tot: int) -> date:
        return dag + timedelta(days=self.rnd.randrange(tot + 1))

    def inwoner(self) -> str:
        return _sleutel(self.rnd.randrange(self.inwoners))


def _intake_en_traject(m: _Maker, bron_dag: date, subject: str) -> Iterator[Gebeurtenis]:
    r = m.rnd
    melding = m.uid()
    crisis = r.random() < 0.1
    groepen = [g.value for g in Doelgroep if r.random() < 0.08]
    kanaal = r.choice(list(Kanaal)).value

    def intake(type_: str, dag: date, payload: dict[str, Any]) -> Gebeurtenis:
        return Gebeurtenis(Bron.INTAKE, type_, dag, {"meldingId": melding, **payload}, subject)

    yield intake(
        ie.MELDING_GEREGISTREERD,
        bron_dag,
        {
            "kanaal": kanaal,
            "meldingdatum": bron_dag.isoformat(),
            "crisis": crisis,
            "crisissoort": "huisuitzetting" if crisis else None,
            "doelgroepen": groepen,
            "recidive": "onbekend",
        },
    )
    if r.random() < 0.1:
        return  # no conversation (yet)
    gesprek = m.later(bron_dag, 3 if crisis else 30)
    yield intake(
        ie.GESPREK_GEHOUDEN, gesprek, {"gesprekId": m.uid(), "gespreksdatum": str(gesprek)}
    )
    termijn = "gesprek-wettelijk" if crisis else "gesprek-norm"
    yield intake(
        ie.TERMIJN_BEOORDEELD,
        gesprek,
        {
            "termijn": termijn,
            "uiterlijk": str(bron_dag),
            "op": str(gesprek),
            "gehaald": r.random() < 0.8,
        },
    )
    soort = r.choices(("aanvraag", "advies", "mdo", "geen-vervolg"), (6, 2, 1, 1))[0]
    aanvraag = m.uid() if soort == "aanvraag" else None
    yield intake(
        ie.UITKOMST_VASTGELEGD,
        gesprek,
        {"soort": soort, "datum": str(gesprek), "aanvraagId": aanvraag, "verwijspartners": []},
    )
    if aanvraag is not None:
        yield from _traject(m, aanvraag, gesprek, subject, crisis=crisis, groepen=groepen)


def _traject(
    m: _Maker, aanvraag: str, dag: date, subject: str, *, crisis: bool, groepen: list[str]
) -> Iterator[Gebeurtenis]:
    r = m.rnd
    traject = m.uid()

    def t(type_: str, op: date, payload: dict[str, Any]) -> Gebeurtenis:
        return Gebeurtenis(Bron.TRAJECTORY, type_, op, {"trajectId": traject, **payload}, subject)

    yield t(
        te.TRAJECT_GEOPEND,
        dag,
        {
            "aanvraagId": aanvraag,
            "aanvraagdatum": str(dag),
            "crisis": crisis,
            "aantalPersonen": 1,
            "doelgroepen": groepen,
        },
    )
    besluit = m.later(dag, 70)
    toegelaten = r.random() < 0.85
    soort = "Toelatingsbeschikking" if toegelaten else "Afwijzingsbeschikking"
    yield t(te.BESCHIKKING, besluit, {"soort": soort, "datum": str(besluit), "aantalRedenen": 0})
    yield t(
        te.TERMIJN,
        besluit,
        {"termijn": "beslistermijn", "datum": str(besluit), "gehaald": (besluit - dag).days <= 56},
    )
    if not toegelaten:
        yield t(te.UITSTROOM, besluit, {"reden": "Voldoet niet", "datum": str(besluit)})
        return
    if r.random() < 0.1:
        programma = r.choice(("jas", "ggz-pilot", "ondernemers"))
        yield t(te.PROGRAMMA, besluit, {"programma": programma, "startdatum": str(besluit)})
    if r.random() < 0.2:
        begeleiding = r.choice(list(Begeleidingssoort)).value
        yield t(
            te.VOORZIENING,
            besluit,
            {"soort": "begeleiding", "begeleidingssoort": begeleiding, "startdatum": str(besluit)},
        )
    yield t(
        te.FASE_GEWIJZIGD,
        besluit,
        {"van": "aanvraag", "naar": "stabilisatie", "datum": str(besluit)},
    )
    stabiel = m.later(besluit, 200)
    yield t(
        te.FASE_GEWIJZIGD,
        stabiel,
        {"van": "stabilisatie", "naar": "schuldregeling", "datum": str(stabiel)},
    )
    if r.random() < 0.15:
        reden = r.choice(("Nietverschenen", "Ingetrokken", "Zelf", "Verhuisd"))
        yield t(te.UITSTROOM, stabiel, {"reden": reden, "datum": str(stabiel)})
        return
    if r.random() < 0.5:
        yield t(te.AFWEGINGSKADER, stabiel, {"advies": "positief"})
    yield t(
        te.AANBOD,
        stabiel,
        {
            "looptijdMaanden": 18,
            "aantalSchuldeisers": r.randint(1, 25),
            "schuldBand": r.choice(_BANDEN),
            "aflossingBand": "0-1000",
            "percentage": "40.00",
        },
    )
    akkoord = m.later(stabiel, 200)
    toegekend = r.random() < 0.8
    yield t(
        te.SCHULDREGELING,
        akkoord,
        {
            "uitkomst": "toegekend" if toegekend else "afgewezen",
            "dwangakkoord": False,
            "datum": str(akkoord),
        },
    )
    yield t(
        te.TERMIJN,
        akkoord,
        {
            "termijn": "schuldregeling-nvvk",
            "datum": str(akkoord),
            "gehaald": (akkoord - stabiel).days <= 120,
        },
    )
    if r.random() < 0.02:
        yield t(te.WSNP_VERKLARING, akkoord, {"datum": str(akkoord)})
    if not toegekend:
        return
    oplossing = r.choice(list(Oplossingssoort)).value
    yield t(te.OPLOSSING, akkoord, {"soort": oplossing, "startdatum": str(akkoord)})
    einde = m.later(akkoord, 600)
    reden = Uitstroomreden.AFGEROND if r.random() < 0.75 else r.choice(list(Uitstroomreden))
    yield t(
        te.UITSTROOM,
        einde,
        {"reden": reden.value, "vanuitFase": "schuldregeling", "datum": str(einde)},
    )


def _casus(m: _Maker, dag: date, subject: str) -> Iterator[Gebeurtenis]:
    r = m.rnd
    casus = m.uid()
    partner = r.choice(list(Signaalpartner)).value
    crisis = r.random() < 0.05

    def s(type_: str, op: date, payload: dict[str, Any]) -> Gebeurtenis:
        return Gebeurtenis(Bron.SIGNALS, type_, op, payload, subject)

    aantal = r.choices((1, 2, 3), (6, 3, 1))[0]
    for n in range(aantal):
        signaal_dag = m.later(dag, 20 * n)
        yield s(
            se.SIGNAAL_ONTVANGEN,
            signaal_dag,
            {
                "signaalId": m.uid(),
                "partnerType": partner,
                "bedrag": f"{r.randint(50, 5000)}.00",
                "signaaldatum": str(signaal_dag),
                "status": Signaalstatus.NOG_NIET_OPGEPAKT.value,
                "crisis": crisis,
                "casusId": casus,
                "batch": True,
            },
        )
    yield s(
        se.CASUS_GEOPEND,
        dag,
        {
            "casusId": casus,
            "partnerType": partner,
            "actie": "brief",
            "crisis": crisis,
            "matchingsdatum": str(dag),
        },
    )
    if r.random() < 0.1:
        yield s(
            se.CASUS_AFGESLOTEN,
            dag,
            {
                "casusId": casus,
                "resultaat": r.choice(
                    (Eindresultaat.HERHAALD, Eindresultaat.ONTERECHT, Eindresultaat.AL_BEKEND)
                ).value,
                "afgeslotenOp": str(dag),
                "bereikt": False,
            },
        )
        return
    opgepakt = m.later(dag, 10)
    yield s(se.CASUS_TOEGEWEZEN, opgepakt, {"casusId": casus, "datumOpgepakt": str(opgepakt)})
    bereikt = False
    for n in range(r.choices((0, 1, 2, 3), (1, 4, 3, 2))[0]):
        poging = m.later(opgepakt, 14)
        bereikt = r.random() < 0.45
        yield s(
            se.CASUS_CONTACTPOGING,
            poging,
            {
                "casusId": casus,
                "soort": r.choice(list(Contactsoort)).value,
                "bereikt": bereikt,
                "datum": str(poging),
                "volgnummer": n + 1,
            },
        )
        if bereikt:
            break
    if r.random() < 0.02:
        yield s(se.CASUS_SAMENGEVOEGD, opgepakt, {"casusId": casus, "inCasusId": m.uid()})
        return
    if r.random() < 0.8:
        einde = m.later(opgepakt, 60)
        resultaat = r.choice(list(Eindresultaat)).value
        yield s(
            se.CASUS_AFGESLOTEN,
            einde,
            {
                "casusId": casus,
                "resultaat": resultaat,
                "afgeslotenOp": str(einde),
                "bereikt": bereikt,
            },
        )


def _los_signaal(m: _Maker, dag: date, subject: str) -> Gebeurtenis:
    status = m.rnd.choice(list(Signaalstatus)).value
    return Gebeurtenis(
        Bron.SIGNALS,
        se.SIGNAAL_ONTVANGEN,
        dag,
        {
            "signaalId": m.uid(),
            "partnerType": m.rnd.choice(list(Signaalpartner)).value,
            "bedrag": "120.00",
            "signaaldatum": str(dag),
            "status": status,
            "crisis": False,
            "casusId": None,
            "batch": True,
        },
        subject,
    )


def genereer(
    *,
    meldingen: int,
    signaal_events: int,
    begin: date = date(2023, 1, 1),
    jaren: int = 4,
    seed: int = 1,
) -> Iterator[Gebeurtenis]:
    """About `meldingen` meldingen (two thirds become trajectories) and `signaal_events` events
    from signals, dated over `jaren` years from `begin`, in a stable random order per source."""
    dagen = (date(begin.year + jaren, begin.month, begin.day) - begin).days
    m = _Maker(seed, begin=begin, dagen=dagen, inwoners=max(10, meldingen + signaal_events // 6))
    for _ in range(meldingen):
        yield from _intake_en_traject(m, m.dag(), m.inwoner())
    verstuurd = 0
    while verstuurd < signaal_events:
        if m.rnd.random() < 0.1:
            yield _los_signaal(m, m.dag(), m.inwoner())
            verstuurd += 1
            continue
        for gebeurtenis in _casus(m, m.dag(), m.inwoner()):
            yield gebeurtenis
            verstuurd += 1


def _event(g: Gebeurtenis, cursor: int) -> EventRead:
    return EventRead.model_construct(
        cursor=cursor,
        event_id=str(uuid.UUID(int=(_BRON_NUMMER[g.bron] << 64) + cursor)),
        type=g.type,
        occurred_at=datetime(g.dag.year, g.dag.month, g.dag.day, 10, tzinfo=UTC),
        gemeentecode=GEMEENTE,
        subject_key=g.subject_key,
        payload=g.payload,
    )


def in_stukken(
    gebeurtenissen: Iterable[Gebeurtenis], *, grootte: int = 10_000
) -> Iterator[tuple[Bron, list[EventRead]]]:
    """The events as their sources' feeds serve them (cursor 1, 2, ... per source in order of
    arrival), in pieces of up to `grootte` events of one source, so memory stays flat."""
    cursors = dict.fromkeys(Bron, 0)
    stukken: dict[Bron, list[EventRead]] = {bron: [] for bron in Bron}
    for g in gebeurtenissen:
        cursors[g.bron] += 1
        stuk = stukken[g.bron]
        stuk.append(_event(g, cursors[g.bron]))
        if len(stuk) >= grootte:
            yield g.bron, stuk
            stukken[g.bron] = []
    for bron, stuk in stukken.items():
        if stuk:
            yield bron, stuk


def als_events(gebeurtenissen: Iterable[Gebeurtenis]) -> dict[Bron, list[EventRead]]:
    """Per source, all its events as its feed serves them."""
    feeds: dict[Bron, list[EventRead]] = {bron: [] for bron in Bron}
    for bron, stuk in in_stukken(gebeurtenissen):
        feeds[bron].extend(stuk)
    return feeds
