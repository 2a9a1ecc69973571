"""Steps on the money side shared by the money and DDAS tests."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.trajectory.conftest import CONSULENT, stap, tot_stabilisatie


def tot_afwegingskader(
    client: TestClient, traject_id: str, *, inkomen_stabiel: bool, kredietbedrag: str
) -> None:
    """From aanvraag to stabilisation (from 15 February) with the afwegingskader recorded."""
    tot_stabilisatie(client, traject_id)
    stap(
        client,
        traject_id,
        "afwegingskader",
        {
            "peildatum": "2026-03-01",
            "inkomenStabiel": inkomen_stabiel,
            "motivatie": "voldoende",
            "kredietbedrag": kredietbedrag,
        },
        status=200,
        method="put",
    )


def naar_schuldregeling(
    client: TestClient,
    traject_id: str,
    *,
    schulden: tuple[tuple[str, str], ...] = (("Eigen Haard", "3000.49"), ("Vattenfall", "1000.00")),
    inkomen: str = "2002.13",
) -> None:
    """With the trajectory in stabilisation: these debts (creditor, amount), phase
    schuldregeling from 1 May 2026 and a calculation on that day."""
    for naam, bedrag in schulden:
        stap(
            client,
            traject_id,
            "schulden",
            {
                "schuldeiser": {"naam": naam, "kvkNummer": "12345678", "postcode": "1066 cs"},
                "bedrag": bedrag,
                "peildatum": "2026-02-01",
                "schuldsoort": "Nuts",
            },
        )
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {"naar": "schuldregeling", "reden": "Stabiel.", "datum": "2026-05-01"},
    )
    stap(
        client,
        traject_id,
        "berekeningen",
        {"peildatum": "2026-05-01", "leefsituatie": "gehuwden", "nettoInkomen": inkomen},
    )


def tot_aanbod(client: TestClient, traject_id: str, *, inkomen: str = "2002.13") -> list[str]:
    """From aanvraag to a submitted offer on two debts; returns the debt ids."""
    tot_afwegingskader(client, traject_id, inkomen_stabiel=False, kredietbedrag="4000")
    naar_schuldregeling(client, traject_id, inkomen=inkomen)
    stap(client, traject_id, "aanbiedingen", {"ingediendOp": "2026-05-04"})
    case = client.get(f"/v1/trajecten/{traject_id}", headers=CONSULENT).json()
    return [s["id"] for s in case["schulden"]]


def tot_dwangakkoord_verzoek(client: TestClient, traject_id: str) -> list[str]:
    """One creditor agrees, one refuses, the dwangakkoord is asked (Fw 287a); the debt ids."""
    akkoord, weigert = tot_aanbod(client, traject_id)
    stap(
        client,
        traject_id,
        f"schulden/{akkoord}/reacties",
        {"reactie": "akkoord", "datum": "2026-05-20"},
    )
    stap(
        client,
        traject_id,
        f"schulden/{weigert}/reacties",
        {"reactie": "weigering", "datum": "2026-05-21"},
    )
    stap(client, traject_id, "dwangakkoord-verzoeken", {"datum": "2026-06-01"})
    return [akkoord, weigert]


def met_dwangakkoord(client: TestClient, traject_id: str) -> None:
    """The court obliges the refusing creditor (Fw 287a); a solution follows."""
    tot_dwangakkoord_verzoek(client, traject_id)
    stap(client, traject_id, "dwangakkoord-uitspraken", {"datum": "2026-09-15", "toegewezen": True})
    stap(
        client,
        traject_id,
        "oplossingen",
        {
            "soort": "Schuldbemiddeling",
            "startdatum": "2026-09-16",
            "einddatum": "2028-03-15",
            "reden": "Dwangakkoord toegewezen.",
        },
    )
