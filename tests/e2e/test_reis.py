"""The whole journey over real HTTP, four services as processes: a creditor's CSV becomes one
case, outreach reaches the resident, the melding arrives at intake, the conversation leads to an
aanvraag, the trajectory runs to a settlement and aftercare, reporting shows exactly that
traffic, the creditor sees only the permitted feedback, and a return is recidive."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.harness import System, running_system
from tests.e2e.journeys import (
    BI,
    CONSULENT,
    COORDINATOR,
    CSV_HEADER,
    EIGEN_HAARD,
    LOKET,
    WATERNET,
    days_ago,
    dutch,
    eventually,
    iso,
    ok,
    personal_data_in,
    today,
)
from tests.proof.matrix import MATRIX

pytestmark = pytest.mark.e2e

BSN = "111222333"
RESIDENT = {
    "voorletters": "J.",
    "tussenvoegsel": "van",
    "achternaam": "Dijkstra",
    "geboortedatum": "1980-05-17",
    "straat": "Stadsplein",
    "postcode": "1181ZM",
    "huisnummer": "1",
    "woonplaats": "Amstelveen",
    "telefoon": "+31 20 5404911",
    "email": "j.vandijkstra@example.nl",
}


def csv_row(partner_id: str, bedrag: str, *, bsn: str | None) -> str:
    signaal = days_ago(2)
    ontstaan = days_ago(70)
    r = RESIDENT
    return ";".join(
        [
            partner_id,
            "nee",
            "nee",
            bedrag,
            dutch(ontstaan),
            dutch(signaal),
            bsn or "",
            r["voorletters"],
            r["tussenvoegsel"],
            r["achternaam"],
            dutch(date_of(r["geboortedatum"])),
            r["straat"],
            r["postcode"],
            r["huisnummer"],
            r["woonplaats"],
            r["telefoon"],
            r["email"],
        ]
    )


def date_of(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


def push_csv(client: httpx.Client, system: System) -> list[str]:
    """The housing corporation's CSV: three signals about one household (one without BSN)."""
    rows = [
        csv_row("EH-1", "1250,00", bsn=BSN),
        csv_row("EH-2", "1480,00", bsn=BSN),
        csv_row("EH-3", "1610,00", bsn=None),
    ]
    body = "\n".join([CSV_HEADER, *rows]).encode()
    accepted = ok(
        client.post(
            f"{system.url('signals')}/v1/signaal-batches",
            content=body,
            headers=EIGEN_HAARD | {"Content-Type": "text/csv"},
        ),
        202,
    )
    batch_url = f"{system.url('signals')}/v1/signaal-batches/{accepted['id']}"

    def done() -> dict[str, Any] | None:
        report: dict[str, Any] = ok(client.get(batch_url, headers=EIGEN_HAARD))
        return report if report["status"] in ("klaar", "mislukt") else None

    report = eventually(done, what="batch processed")
    assert (report["status"], report["geaccepteerd"], report["afgewezen"]) == ("klaar", 3, 0), (
        report
    )
    signalen = ok(client.get(f"{system.url('signals')}/v1/signalen", headers=EIGEN_HAARD))["items"]
    assert len(signalen) == 3
    return [s["id"] for s in signalen]


# What reporting must show after exactly this traffic (period: this year).
EXPECTED = {
    "signalen-verwerkt": (3.0, {"partnertype": {"Huur": 3.0}}),
    "signalen-unieke-inwoners": (1.0, {"partnertype": {"Huur": 1.0}}),
    "casussen-per-eindresultaat": (
        1.0,
        {"eindresultaat": {"Vervolghulp en/of verwijzing financieel": 1.0}},
    ),
    "contactpogingen-per-casus": (
        1.0,
        {"soort": {"Huisbezoek": 1.0}, "bereikt": {"ja": 1.0, "nee": 0.0}},
    ),
    "aanmeldingen": (
        2.0,
        {"kanaal": {"balie": 1.0, "vroegsignaal": 1.0}, "doelgroep": {"geen": 2.0}},
    ),
    "aanvragen": (2.0, {"kanaal": {"balie": 1.0, "vroegsignaal": 1.0}, "doelgroep": {"geen": 2.0}}),
    "toegekende-aanvragen": (1.0, {"beschikkingssoort": {"Toelatingsbeschikking": 1.0}}),
    "schuldregelingen-geslaagd": (100.0, {"oplossingssoort": {"Schuldbemiddeling": 100.0}}),
    "schuldenvrije-uitstroom": (100.0, {"uitstroomreden": {"Afgerond": 1.0}}),
    "conversie-naar-schuldhulp": (100.0, {}),
}


def indicators(client: httpx.Client, system: System) -> dict[str, Any]:
    url = f"{system.url('reporting')}/v1/indicatoren?pageSize=500&jaar={today().year}"
    items = ok(client.get(url, headers=BI))["items"]
    return {
        item["code"]: (
            item["waarde"],
            {u["dimensie"]: u["waarden"] for u in item.get("uitsplitsingen") or []},
        )
        for item in items
    }


def caught_up(client: httpx.Client, system: System) -> bool:
    """Reporting has read every source's feed to its last event."""
    cursors = {
        b["bron"]: b["cursor"]
        for b in ok(client.get(f"{system.url('reporting')}/v1/bronnen", headers=BI))
    }
    for bron in ("intake", "signals", "trajectory"):
        page = ok(client.get(f"{system.url(bron)}/v1/events?limit=1000", headers=BI))
        last = page["items"][-1]["cursor"] if page["items"] else 0
        if cursors.get(bron, 0) < last:
            return False
    return True


@pytest.mark.parametrize("reporting_stopped", [False, True], ids=["steady", "reporting-stopped"])
def test_a_creditors_csv_runs_through_all_four_services(
    tmp_path: Path, reporting_stopped: bool
) -> None:
    env = {"REPORTING_POLL_INTERVAL_SECONDS": "0.2", "SIGNALS_BATCH_POLL_SECONDS": "0.1"}
    with running_system(tmp_path, **env) as system, httpx.Client(timeout=60) as client:
        signals, intake = system.url("signals"), system.url("intake")
        trajectory = system.url("trajectory")
        signaal_ids = push_csv(client, system)

        # One household, one case, with all three signals.
        cases = ok(client.get(f"{signals}/v1/casussen", headers=COORDINATOR))
        assert cases["total"] == 1, cases
        case = cases["items"][0]
        assert len(case["signalen"]) == 3
        outreach(client, signals, case["id"])
        if reporting_stopped:  # in the middle of the traffic; it has read some of it
            eventually(lambda: caught_up(client, system), what="reporting read the signals")
            system.stop("reporting")

        # The resident asked for help: the melding arrives at intake.
        def melding() -> dict[str, Any] | None:
            page = ok(client.get(f"{intake}/v1/meldingen", headers=LOKET))
            return page["items"][0] if page["items"] else None

        m = eventually(melding, what="melding at intake")
        assert (m["kanaal"], m["naam"]) == ("vroegsignaal", "J. van Dijkstra")
        conversation_to_aanvraag(client, intake, m["id"])

        def traject() -> dict[str, Any] | None:
            page = ok(client.get(f"{trajectory}/v1/trajecten", headers=CONSULENT))
            return page["items"][0] if page["items"] else None

        t = eventually(traject, what="trajectory opened")
        assert (t["aanvrager"], t["fase"]) == ("Dijkstra", "aanmelding")
        run_to_aftercare(client, trajectory, t["id"])

        # The resident returns: recidive at the desk, and a new aanvraag.
        terug = ok(
            client.post(
                f"{intake}/v1/meldingen",
                json={"kanaal": "balie", "inwoner": {"bsn": BSN, "achternaam": "Dijkstra"}},
                headers=LOKET,
            ),
            201,
        )
        assert terug["recidive"]["status"] == "ja", terug["recidive"]
        conversation_to_aanvraag(client, intake, terug["id"])
        eventually(
            lambda: (
                ok(client.get(f"{trajectory}/v1/trajecten", headers=CONSULENT))["total"] == 1
                and ok(client.get(f"{trajectory}/v1/trajecten", headers=CONSULENT))["items"][0][
                    "id"
                ]
                != t["id"]
            ),
            what="a second trajectory",
        )

        if reporting_stopped:
            system.start("reporting")
        eventually(lambda: caught_up(client, system), what="reporting caught up")
        found = indicators(client, system)
        assert {code: found[code] for code in EXPECTED} == EXPECTED

        # The creditor sees the outcome of its signals and nothing else.
        for signaal_id in signaal_ids:
            feedback = ok(client.get(f"{signals}/v1/signalen/{signaal_id}", headers=EIGEN_HAARD))
            assert set(feedback) == FEEDBACK_FIELDS
            assert feedback["resultaat"] == "Vervolghulp en/of verwijzing financieel"
            assert feedback["opgepakt"] is True
            other = client.get(f"{signals}/v1/signalen/{signaal_id}", headers=WATERNET)
            assert other.status_code == 404
        assert ok(client.get(f"{signals}/v1/signalen", headers=WATERNET))["items"] == []

        scan_for_personal_data(client, system)


FEEDBACK_FIELDS = {
    "id",
    "partnerId",
    "partnerType",
    "bedrag",
    "ontstaansdatum",
    "signaaldatum",
    "ontvangenAt",
    "status",
    "opgepakt",
    "reden",
    "resultaat",
}


def outreach(client: httpx.Client, signals: str, case_id: str) -> None:
    """Assigned, a home visit reaches the resident, who asks for help and consents."""
    toewijzing = {"consulent1": "a.jansen", "consulent2": "b.bakker", "geplandeDatum": iso(today())}
    url = f"{signals}/v1/casussen/{case_id}"
    ok(client.post(f"{url}/toewijzingen", json=toewijzing, headers=COORDINATOR), 201)
    poging = {"soort": "Huisbezoek", "bereikt": True, "datum": iso(today()), "dagdeel": "Ochtend"}
    ok(client.post(f"{url}/contactpogingen", json=poging, headers=CONSULENT), 201)
    sluiting = {"resultaat": "Vervolghulp en/of verwijzing financieel", "toestemming": True}
    ok(client.post(f"{url}/afsluitingen", json=sluiting, headers=CONSULENT), 201)


def conversation_to_aanvraag(client: httpx.Client, intake: str, melding_id: str) -> None:
    gesprek = {"datum": iso(today()), "tijd": "09:00", "consulent": "a.jansen", "telefonisch": True}
    planned = ok(
        client.post(
            f"{intake}/v1/meldingen/{melding_id}/aanmeldgesprekken", json=gesprek, headers=LOKET
        ),
        201,
    )
    held = {"status": "gehouden"}
    ok(client.patch(f"{intake}/v1/aanmeldgesprekken/{planned['id']}", json=held, headers=CONSULENT))
    uitkomst = {"soort": "aanvraag"}
    ok(
        client.post(
            f"{intake}/v1/meldingen/{melding_id}/uitkomst", json=uitkomst, headers=CONSULENT
        ),
        201,
    )


ALLE_DOCUMENTEN = [
    "identiteitsbewijs",
    "inkomensspecificaties",
    "bankafschriften",
    "vaste-lasten",
    "schuldenoverzicht",
    "toeslagen",
]


def run_to_aftercare(client: httpx.Client, base: str, traject_id: str) -> None:
    """aanmelding -> intake -> beschikking -> plan -> stabilisatie -> schuldregeling ->
    oplossing (settlement) -> nazorg -> uitstroom, every step on today's date."""
    dag = iso(today())

    def stap(path: str, body: dict[str, Any], method: str = "post") -> Any:
        url = f"{base}/v1/trajecten/{traject_id}/{path}"
        return ok(client.request(method, url, json=body, headers=CONSULENT), 200, 201)

    def naar(fase: str, **extra: str) -> Any:
        return stap(
            "fase-overgangen", {"naar": fase, "reden": "Volgende stap.", "datum": dag, **extra}
        )

    naar("intake")
    ontvangen = [{"document": d, "ontvangenOp": dag} for d in ALLE_DOCUMENTEN]
    stap("documenten", {"ontvangen": ontvangen}, "put")
    naar("beschikking")
    stap("beschikkingen", {"soort": "Toelatingsbeschikking", "datum": dag, "redenen": ["Voldoet."]})
    plan = {
        "hulpvraag": "Schulden regelen.",
        "ondersteuning": "Budgetbeheer.",
        "verwachteEinddatum": iso(today().replace(year=today().year + 2)),
    }
    stap("plan-van-aanpak", plan, "put")
    naar("stabilisatie")
    kader = {
        "peildatum": dag,
        "inkomenStabiel": True,
        "motivatie": "voldoende",
        "kredietbedrag": "3000",
    }
    stap("afwegingskader", kader, "put")
    stap(
        "schulden",
        {
            "schuldeiser": {"naam": "Eigen Haard"},
            "bedrag": "4340.00",
            "peildatum": dag,
            "schuldsoort": "Overig",
        },
    )
    naar("schuldregeling")
    stap(
        "berekeningen",
        {"peildatum": dag, "leefsituatie": "alleenstaande", "nettoInkomen": "1800.00"},
    )
    stap("aanbiedingen", {"ingediendOp": dag})
    case = ok(client.get(f"{base}/v1/trajecten/{traject_id}", headers=CONSULENT))
    for schuld in case["schulden"]:
        stap(f"schulden/{schuld['id']}/reacties", {"reactie": "akkoord", "datum": dag})
    stap(
        "oplossingen",
        {"soort": "Schuldbemiddeling", "startdatum": dag, "reden": "Alle schuldeisers akkoord."},
    )
    naar("nazorg")
    einde = naar("uitstroom", uitstroomreden="Afgerond")
    assert [h["naar"] for h in einde["historie"]] == [
        "aanmelding",
        "intake",
        "beschikking",
        "plan-van-aanpak",
        "stabilisatie",
        "schuldregeling",
        "oplossing",
        "nazorg",
        "uitstroom",
    ]


SECRETS = (
    BSN,
    "Dijkstra",
    "Stadsplein",
    "1181ZM",
    "5404911",
    "vandijkstra",
    "1980-05-17",
    "17-05-1980",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def scan_for_personal_data(client: httpx.Client, system: System) -> None:
    """Every GET the `bi` role may call, as JSON and (where offered) as CSV: no personal data;
    no CSV cell that a spreadsheet would run as a formula."""
    scanned = 0
    for service, operations in MATRIX.items():
        base = system.url(service)
        document = ok(client.get(f"{base}/v1/openapi.json"))
        for key, (roles, _) in operations.items():
            method, path = key.split(" ", 1)
            if method != "GET" or "bi" not in roles:
                continue
            responses = document["paths"][path]["get"]["responses"]
            offers_csv = any("text/csv" in r.get("content", {}) for r in responses.values())
            for url in concrete_urls(client, base, path):
                accepts = ["application/json"] + (["text/csv"] if offers_csv else [])
                for accept in accepts:
                    response = client.get(url, headers=BI | {"Accept": accept})
                    assert response.status_code == 200, (url, accept, response.text[:300])
                    assert personal_data_in(response.text, SECRETS) == [], (url, accept)
                    if accept == "text/csv":
                        cells = [c for row in csv.reader(io.StringIO(response.text)) for c in row]
                        assert [c for c in cells if c.startswith(FORMULA_STARTS)] == [], url
                    scanned += 1
    assert scanned >= 15


def concrete_urls(client: httpx.Client, base: str, path: str) -> list[str]:
    prefix = f"{base}/v1"
    if path == "/indicatoren/{code}":
        codes = [
            i["code"]
            for i in ok(client.get(f"{prefix}/indicatoren?pageSize=500", headers=BI))["items"]
        ]
        return [f"{prefix}/indicatoren/{code}" for code in codes]
    if path == "/activiteiten/{activiteit_id}":
        items = ok(client.get(f"{prefix}/activiteiten", headers=BI))["items"]
        return [f"{prefix}/activiteiten/{item['id']}" for item in items]
    if path == "/raadsrapportages/{jaar}":
        return [f"{prefix}/raadsrapportages/{today().year}"]
    if path == "/events":
        return [f"{prefix}/events?limit=1000"]
    assert "{" not in path, f"no concrete URL for {path}"
    return [f"{prefix}{path}?pageSize=500" if path != "/bronnen" else f"{prefix}{path}"]
