"""A year of crafted traffic (2026) in the sources' published event contracts, and its hand count.

Payloads are built with the sources' own contract models (shared/contracts/*_events.py), so a
change in a contract shows up here. The expected values below are counted by hand from the
events; the comments say how.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from shared.contracts import intake_events as ie
from shared.contracts import signals_events as se
from shared.contracts import trajectory_events as te
from shared.contracts.ddas import (
    Beschikkingssoort,
    Contactsoort,
    Dagdeel,
    Eindresultaat,
    Oplossingssoort,
    Signaalpartner,
    Signaalstatus,
    Uitstroomreden,
)
from shared.contracts.handoffs import Doelgroep, Kanaal
from tests.reporting.feed import Feeds

A, B, C, D, E, F, G, H, J = (c * 64 for c in "abcdef012")


def _doc(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True)


def _id(name: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, name)


def _melding(feeds: Feeds, name: str, day: str, subject: str, *, kanaal: Kanaal, crisis: bool,
             doelgroepen: list[Doelgroep] | None = None) -> None:  # fmt: skip
    d = date.fromisoformat(day)
    feeds.intake.add(
        ie.MELDING_GEREGISTREERD,
        day,
        _doc(
            ie.MeldingGeregistreerd(
                melding_id=_id(name),
                kanaal=kanaal,
                meldingdatum=d,
                crisis=crisis,
                crisissoort="huisuitzetting" if crisis else None,
                doelgroepen=doelgroepen or [],
                recidive="nee",
                plannen_uiterlijk=d,
                gesprek_norm_uiterlijk=d,
                gesprek_wettelijk_uiterlijk=d,
            )
        ),
        subject_key=subject,
    )


def _gesprek(feeds: Feeds, name: str, day: str, subject: str) -> None:
    payload = ie.GesprekAfgerond(
        melding_id=_id(name), gesprek_id=_id(name + "g"), gespreksdatum=date.fromisoformat(day)
    )
    feeds.intake.add(ie.GESPREK_GEHOUDEN, day, _doc(payload), subject_key=subject)


def _uitkomst(feeds: Feeds, name: str, day: str, subject: str, soort: ie.UitkomstSoort) -> None:
    payload = ie.UitkomstVastgelegd(
        melding_id=_id(name),
        soort=soort,
        datum=date.fromisoformat(day),
        aanvraag_id=_id(name + "a") if soort == "aanvraag" else None,
    )
    feeds.intake.add(ie.UITKOMST_VASTGELEGD, day, _doc(payload), subject_key=subject)


def intake(feeds: Feeds) -> None:
    # m0 is last year's: it counts nowhere in 2026.
    _melding(feeds, "m0", "2025-12-20", G, kanaal=Kanaal.BALIE, crisis=False)
    _uitkomst(feeds, "m0", "2025-12-22", G, "aanvraag")
    # m1: 4 days to the conversation, then an aanvraag; an entrepreneur.
    _melding(feeds, "m1", "2026-03-02", A, kanaal=Kanaal.BALIE, crisis=False,
             doelgroepen=[Doelgroep.ONDERNEMER])  # fmt: skip
    _gesprek(feeds, "m1", "2026-03-06", A)
    _uitkomst(feeds, "m1", "2026-03-06", A, "aanvraag")
    # m2: crisis, conversation 2 working days later (in time), advice.
    _melding(feeds, "m2", "2026-03-03", B, kanaal=Kanaal.TELEFOON, crisis=True)
    _gesprek(feeds, "m2", "2026-03-05", B)
    _uitkomst(feeds, "m2", "2026-03-05", B, "advies")
    # m3: crisis on Friday 24 April; King's Day (Monday 27 April) does not count, so the third
    # working day is Thursday 30 April and a conversation on Friday 1 May is late.
    _melding(feeds, "m3", "2026-04-24", C, kanaal=Kanaal.TELEFOON, crisis=True)
    _gesprek(feeds, "m3", "2026-05-01", C)
    _uitkomst(feeds, "m3", "2026-05-01", C, "geen-vervolg")
    # m4: still open (no conversation, no outcome).
    _melding(feeds, "m4", "2026-05-04", D, kanaal=Kanaal.VROEGSIGNAAL, crisis=False)


def _traject(feeds: Feeds, name: str, day: str, subject: str, aanvraagdatum: str,
             doelgroepen: list[str] | None = None) -> None:  # fmt: skip
    payload = te.TrajectGeopend(
        traject_id=_id(name),
        aanvraag_id=_id(name + "a"),
        aanvraagdatum=date.fromisoformat(aanvraagdatum),
        crisis=False,
        aantal_personen=1,
        doelgroepen=doelgroepen or [],
        beslistermijn_datum=date.fromisoformat(day),
    )
    feeds.trajectory.add(te.TRAJECT_GEOPEND, day, _doc(payload), subject_key=subject)


def _t(feeds: Feeds, type_: str, day: str, subject: str, model: BaseModel) -> None:
    feeds.trajectory.add(type_, day, _doc(model), subject_key=subject)


def trajectory(feeds: Feeds) -> None:
    d = date.fromisoformat
    # t1 (A): decision after 42 days; stabilisation 20 April - 1 September (over 4 months);
    # offer 3 September (14 creditors, debt band 5000-15000); agreement 15 December (103 days,
    # within the NVVK 120); a rehabilitation credit, assessed with the afwegingskader.
    _traject(feeds, "t1", "2026-03-09", A, "2026-03-06", ["ondernemer"])
    t1 = _id("t1")
    _t(
        feeds,
        te.BESCHIKKING,
        "2026-04-17",
        A,
        te.BeschikkingAfgegeven(
            traject_id=t1,
            soort=Beschikkingssoort.TOELATING,
            datum=d("2026-04-17"),
            aantal_redenen=0,
        ),
    )
    _t(
        feeds,
        te.FASE_GEWIJZIGD,
        "2026-04-20",
        A,
        te.FaseGewijzigd(
            traject_id=t1, van="plan-van-aanpak", naar="stabilisatie", datum=d("2026-04-20")
        ),
    )
    _t(
        feeds,
        te.FASE_GEWIJZIGD,
        "2026-09-01",
        A,
        te.FaseGewijzigd(
            traject_id=t1, van="stabilisatie", naar="schuldregeling", datum=d("2026-09-01")
        ),
    )
    _t(
        feeds,
        te.AFWEGINGSKADER,
        "2026-09-02",
        A,
        te.AfwegingskaderVastgelegd(traject_id=t1, advies="saneringskrediet"),
    )
    _t(
        feeds,
        te.AANBOD,
        "2026-09-03",
        A,
        te.AanbodGedaan(
            traject_id=t1,
            looptijd_maanden=18,
            aantal_schuldeisers=14,
            schuld_band="5000-15000",
            aflossing_band="1000-5000",
            percentage="42.50",
        ),
    )
    _t(
        feeds,
        te.SCHULDREGELING,
        "2026-12-15",
        A,
        te.SchuldregelingUitkomst(
            traject_id=t1, uitkomst="toegekend", dwangakkoord=False, datum=d("2026-12-15")
        ),
    )
    _t(
        feeds,
        te.OPLOSSING,
        "2026-12-15",
        A,
        te.OplossingVastgelegd(
            traject_id=t1, soort=Oplossingssoort.SANERINGSKREDIET, startdatum=d("2026-12-15")
        ),
    )
    # E: an earlier trajectory ended in 2022, a new one in 2026 (recidive within 5 years);
    # refused after 21 days and ended.
    _traject(feeds, "t2old", "2021-02-01", E, "2021-01-25")
    _t(
        feeds,
        te.UITSTROOM,
        "2022-06-01",
        E,
        te.TrajectUitgestroomd(
            traject_id=_id("t2old"),
            reden=Uitstroomreden.AFGEROND,
            vanuit_fase="nazorg",
            datum=d("2022-06-01"),
        ),
    )
    _traject(feeds, "t2", "2026-02-02", E, "2026-01-30")
    _t(
        feeds,
        te.BESCHIKKING,
        "2026-02-20",
        E,
        te.BeschikkingAfgegeven(
            traject_id=_id("t2"),
            soort=Beschikkingssoort.AFWIJZING,
            datum=d("2026-02-20"),
            aantal_redenen=2,
        ),
    )
    _t(
        feeds,
        te.UITSTROOM,
        "2026-03-01",
        E,
        te.TrajectUitgestroomd(
            traject_id=_id("t2"),
            reden=Uitstroomreden.VOLDOET_NIET,
            vanuit_fase="beschikking",
            datum=d("2026-03-01"),
        ),
    )
    # t3 (F): a debt mediation since 2024, completed in 2026.
    _traject(feeds, "t3", "2024-01-10", F, "2024-01-05")
    _t(
        feeds,
        te.OPLOSSING,
        "2024-06-01",
        F,
        te.OplossingVastgelegd(
            traject_id=_id("t3"),
            soort=Oplossingssoort.SCHULDBEMIDDELING,
            startdatum=d("2024-06-01"),
        ),
    )
    _t(
        feeds,
        te.UITSTROOM,
        "2026-06-30",
        F,
        te.TrajectUitgestroomd(
            traject_id=_id("t3"),
            reden=Uitstroomreden.AFGEROND,
            vanuit_fase="nazorg",
            datum=d("2026-06-30"),
        ),
    )
    # t4 (G): a debt mediation since 2025, dropped out in 2026.
    _traject(feeds, "t4", "2025-05-01", G, "2025-04-28")
    _t(
        feeds,
        te.OPLOSSING,
        "2025-09-01",
        G,
        te.OplossingVastgelegd(
            traject_id=_id("t4"),
            soort=Oplossingssoort.SCHULDBEMIDDELING,
            startdatum=d("2025-09-01"),
        ),
    )
    _t(feeds, te.UITSTROOM, "2026-07-15", G, te.TrajectUitgestroomd(
        traject_id=_id("t4"), reden=Uitstroomreden.NIET_VERSCHENEN, vanuit_fase="oplossing",
        datum=d("2026-07-15")))  # fmt: skip


def _signaal(
    feeds: Feeds,
    day: str,
    subject: str,
    partner: Signaalpartner,
    casus: str | None,
    *,
    signaaldatum: str,
    status: Signaalstatus = Signaalstatus.NOG_NIET_OPGEPAKT,
) -> None:
    payload = se.SignaalOntvangen(
        signaal_id=uuid.uuid4(),
        partner_type=partner,
        bedrag=Decimal("450.00"),
        ontstaansdatum=date(2025, 12, 1),
        signaaldatum=date.fromisoformat(signaaldatum),
        status=status,
        crisis=False,
        warme_overdracht=False,
        met_bsn=True,
        match_methode="bsn",
        casus_id=_id(casus) if casus else None,
        batch=False,
    )
    feeds.signals.add(se.SIGNAAL_ONTVANGEN, day, payload.document(), subject_key=subject)


def signals(feeds: Feeds) -> None:
    d = date.fromisoformat
    # A has two signals in one case (one resident counts once); H one; J a repeat not picked up.
    _signaal(feeds, "2026-02-02", A, Signaalpartner.HUUR, "c1", signaaldatum="2026-01-30")
    _signaal(feeds, "2026-02-10", A, Signaalpartner.ENERGIE, "c1", signaaldatum="2026-02-09")
    _signaal(feeds, "2026-02-11", H, Signaalpartner.CAK_ZORGVERZEKERINGEN, "c2",
             signaaldatum="2026-02-11")  # fmt: skip
    _signaal(feeds, "2026-03-01", J, Signaalpartner.HUUR, None, signaaldatum="2026-03-01",
             status=Signaalstatus.HERHAALD)  # fmt: skip
    c1, c2 = _id("c1"), _id("c2")
    for casus, day in ((c1, "2026-02-02"), (c2, "2026-02-11")):
        feeds.signals.add(
            se.CASUS_GEOPEND,
            day,
            se.CasusGeopend(
                casus_id=casus,
                partner_type=Signaalpartner.HUUR,
                actie="huisbezoek",
                crisis=False,
                matchingsdatum=d(day),
                startdatum_matchingperiode=d(day),
                einddatum_matchingperiode=d(day),
            ).document(),
        )
    # Picked up 6 days (c1, from the 30 January signal date) and 2 days (c2) after the signal.
    feeds.signals.add(
        se.CASUS_TOEGEWEZEN,
        "2026-02-05",
        se.CasusToegewezen(
            casus_id=c1, datum_opgepakt=d("2026-02-05"), geplande_datum=d("2026-02-06")
        ).document(),
    )
    feeds.signals.add(
        se.CASUS_TOEGEWEZEN,
        "2026-02-13",
        se.CasusToegewezen(
            casus_id=c2, datum_opgepakt=d("2026-02-13"), geplande_datum=d("2026-02-14")
        ).document(),
    )
    # Contact attempts: c1 twice (the second reaches A), c2 once; no subject key on them, so the
    # case links them to the resident.
    for casus, soort, bereikt, day, n in (
        (c1, Contactsoort.HUISBEZOEK, False, "2026-02-06", 1),
        (c1, Contactsoort.TELEFOON, True, "2026-02-09", 2),
        (c2, Contactsoort.HUISBEZOEK, False, "2026-02-14", 1),
    ):
        feeds.signals.add(
            se.CASUS_CONTACTPOGING,
            day,
            se.ContactpogingVastgelegd(
                casus_id=casus,
                soort=soort,
                bereikt=bereikt,
                datum=d(day),
                dagdeel=Dagdeel.AVOND,
                volgnummer=n,
            ).document(),
        )
    for casus, resultaat, bereikt, day in (
        (c1, Eindresultaat.VERVOLGHULP_FINANCIEEL, True, "2026-03-01"),
        (c2, Eindresultaat.GEEN_CONTACT, False, "2026-03-20"),
    ):
        feeds.signals.add(se.CASUS_AFGESLOTEN, day, se.CasusAfgesloten(
            casus_id=casus, resultaat=resultaat, afgesloten_op=d(day),
            partner_types=[Signaalpartner.HUUR], totaal_bedrag=Decimal("900.00"),
            aantal_signalen=2, aantal_contactpogingen=2, contactsoorten=[Contactsoort.TELEFOON],
            bereikt=bereikt, overgedragen=bereikt).document())  # fmt: skip


def all_sources(feeds: Feeds) -> None:
    intake(feeds)
    trajectory(feeds)
    signals(feeds)


ACTIVITEITEN = [
    {"soort": "moneyways-leerlingen", "aantal": 612, "beginDatum": "2026-09-01",
     "eindDatum": "2026-12-31", "bron": "Moneyways"},
    {"soort": "preventie-jongeren", "aantal": 100, "beginDatum": "2026-01-10",
     "eindDatum": "2026-01-10", "bron": "Jongerenwerk"},
    {"soort": "stoppen-met-roken", "aantal": 12, "beginDatum": "2026-03-01",
     "eindDatum": "2026-06-30", "bron": "GGD"},
    {"soort": "formatie-fte", "aantal": "4.5", "beginDatum": "2026-01-01",
     "eindDatum": "2026-12-31", "bron": "HR"},
    {"soort": "convenant-bewindvoering", "aantal": 3, "beginDatum": "2025-06-01",
     "eindDatum": "2025-12-31", "bron": "Contracten (vorig jaar)"},
]  # fmt: skip

# code: (waarde, teller, noemer) for 2026, counted by hand from the events above.
VERWACHT_2026: dict[str, tuple[float | None, float | None, float | None]] = {
    "aanmeldingen": (4, None, None),  # m1-m4; m0 is 2025
    "aanvragen": (1, None, None),  # m1
    "intakes": (3, None, None),  # m1, m2, m3
    "advies-of-traject": (66.7, 2, 3),  # m1 aanvraag, m2 advies / m1-m3 closed; m4 open
    "crisis-binnen-3-werkdagen": (50.0, 1, 2),  # m2 in time, m3 late over King's Day
    "wachttijd-eerste-gesprek": (4.33, 13, 3),  # 4 + 2 + 7 days
    "eerste-gesprek-binnen-norm": (100.0, 3, 3),  # all within 7 days
    "clienten-in-portefeuille": (4, None, None),  # t1, t2, t3, t4 (t2old ended 2022)
    "toegekende-aanvragen": (1, 1, 2),  # t1 toelating, t2 afwijzing
    "beslistijd": (31.5, 63, 2),  # 42 + 21 days
    "beschikking-binnen-termijn": (100.0, 2, 2),
    "stabilisatie-langer-dan-4-maanden": (100.0, 1, 1),  # t1: 20 April - 1 September
    "schuldregeling-langer-dan-120-dagen": (0.0, 0, 1),  # t1: 103 days
    "afwegingskader-gebruik": (100.0, 1, 1),  # t1
    "saneringskredieten": (1, None, None),  # t1; none in 2025
    "schuldregelingen-geslaagd": (50.0, 1, 2),  # t3 completed, t4 dropped out
    "succes-schuldbemiddeling": (50.0, 1, 2),
    "succes-saneringskrediet": (None, 0, 0),
    "schuldenvrije-uitstroom": (33.3, 1, 3),  # t3 of t2, t3, t4
    "uitval": (33.3, 1, 3),  # t4 (Nietverschenen)
    "schuldeisers-per-traject": (14.0, 14, 1),
    "gemiddelde-schuld": (10000.0, 10000, 1),  # middle of band 5000-15000
    "recidive-5-jaar": (50.0, 1, 2),  # E returned (ended 2022); A did not
    "ondernemers-geholpen": (1, None, None),  # A
    "signalen-verwerkt": (4, None, None),
    "signalen-unieke-inwoners": (3, None, None),  # A, H, J
    "contact-signalen": (33.3, 1, 3),  # A reached
    "casussen-per-eindresultaat": (2, None, None),
    "signalen-niet-opgepakt": (1, None, None),  # J's repeat
    "contactpogingen-per-casus": (1.5, 3, 2),
    "signaal-tot-oppakken": (4.0, 8, 2),  # 6 + 2 days
    "conversie-naar-schuldhulp": (33.3, 1, 3),  # A asked for help after the signal
    "jongeren-bereikt-preventie": (712, None, None),  # 612 + 100
    "stoppen-met-roken": (12, None, None),
    "bewind-convenanten": (0, None, None),  # the 2025 registration does not count
    "formatie-fte": (4.5, None, None),
    "caseload-per-fte": (0.9, 4, 4.5),
    "wsnp-verwijzingen": (0, None, None),
}
