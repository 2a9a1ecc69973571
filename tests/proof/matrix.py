"""The authorisation matrix: for every operation of every service, which roles pass its role
check, and what a caller that passes gets for a dummy request (an unknown id gives 404, an empty
body 400). `test_autorisatie` holds every service to it; the fuzzing tests take their tokens
from it."""

from __future__ import annotations

from tests.proof.routes import TRAJECT_STAPPEN

CREDITOR = frozenset({"creditor"})
LOKET = frozenset({"loket"})
STAFF = frozenset({"loket", "consulent", "coordinator"})
BEHANDELAAR = frozenset({"consulent", "coordinator"})
COORDINATOR = frozenset({"coordinator"})
SERVICE = frozenset({"service"})
FEED = frozenset({"service", "bi"})
PRIVACY = frozenset({"privacy"})
ADMIN = frozenset({"admin"})
TRAJECT_LEZER = frozenset({"consulent", "coordinator", "kwaliteit"})
RAPPORT_LEZER = frozenset({"bi", "kwaliteit", "coordinator", "admin"})
BI = frozenset({"bi", "admin"})
REGISTREERDER = frozenset({"kwaliteit", "coordinator"})
NOBODY: frozenset[str] = frozenset()

# The operations every service has: its event feed and its processing log.
COMMON: dict[str, tuple[frozenset[str], int]] = {
    "GET /events": (FEED, 200),
    "POST /verwerkingen/zoeken": (PRIVACY, 400),
}

# operation -> (roles that pass the role check, status a passing caller gets for a dummy request)
MATRIX: dict[str, dict[str, tuple[frozenset[str], int]]] = {
    "intake": {
        "POST /meldingen": (LOKET, 400),
        "GET /meldingen": (STAFF, 200),
        "POST /meldingen/zoeken": (STAFF, 400),
        "GET /meldingen/{meldingId}": (STAFF, 404),
        "GET /meldingen/{meldingId}/statuswijzigingen": (STAFF, 404),
        "POST /meldingen/{meldingId}/aanmeldgesprekken": (STAFF, 400),
        "GET /meldingen/{meldingId}/aanmeldgesprekken": (STAFF, 404),
        "GET /aanmeldgesprekken/{gesprekId}": (STAFF, 404),
        "PATCH /aanmeldgesprekken/{gesprekId}": (STAFF, 400),
        "POST /aanmeldgesprekken/{gesprekId}/verplaatsingen": (STAFF, 400),
        # The dummy letter kind is not one of the kinds: 400.
        "GET /aanmeldgesprekken/{gesprekId}/brieven/{soort}": (STAFF, 400),
        "POST /meldingen/{meldingId}/uitkomst": (BEHANDELAAR, 400),
        "GET /meldingen/{meldingId}/uitkomst": (STAFF, 404),
        "GET /verwijspartners": (STAFF, 200),
        "POST /verwijspartners": (COORDINATOR, 400),
        "GET /verwijspartners/{partnerId}": (STAFF, 404),
        "PUT /verwijspartners/{partnerId}": (COORDINATOR, 400),
        "DELETE /verwijspartners/{partnerId}": (COORDINATOR, 404),
        "POST /vroegsignaal-overdrachten": (SERVICE, 400),
        "POST /bekendheid": (SERVICE, 400),
        **COMMON,
    },
    "signals": {
        "POST /signalen": (CREDITOR, 400),
        "GET /signalen": (CREDITOR, 200),
        "GET /signalen/{signaal_id}": (CREDITOR, 404),
        "POST /signaal-batches": (CREDITOR, 400),
        "GET /signaal-batches/{batch_id}": (CREDITOR, 404),
        "GET /casussen": (BEHANDELAAR, 200),
        "GET /casussen/{casus_id}": (BEHANDELAAR, 404),
        "POST /casussen/{casus_id}/toewijzingen": (COORDINATOR, 400),
        "POST /casussen/{casus_id}/contactpogingen": (BEHANDELAAR, 400),
        "POST /casussen/{casus_id}/afsluitingen": (BEHANDELAAR, 400),
        "POST /huishoudens/zoeken": (BEHANDELAAR, 400),
        "GET /match-beoordelingen": (COORDINATOR, 200),
        "POST /match-beoordelingen/{beoordeling_id}/besluiten": (COORDINATOR, 400),
        "POST /ddas/gegevens": (frozenset({"service", "admin"}), 400),
        "POST /terugkoppel-abonnementen": (CREDITOR, 400),
        # Only the creditor it belongs to; the dummy id is someone else's (see below for one's own).
        "GET /terugkoppel-abonnementen/{creditor_id}": (NOBODY, 403),
        **COMMON,
    },
    "trajectory": {
        "POST /aanvragen": (SERVICE, 400),
        "POST /bekendheid": (SERVICE, 400),
        "GET /trajecten": (TRAJECT_LEZER, 200),
        "GET /trajecten/{trajectId}": (TRAJECT_LEZER, 404),
        **{
            f"{method} /trajecten/{{trajectId}}/{action}": (BEHANDELAAR, 400)
            for method, action in TRAJECT_STAPPEN
        },
        "GET /capaciteit": (TRAJECT_LEZER, 200),
        "PUT /consulenten/{consulentId}": (COORDINATOR, 400),
        "POST /ddas/gegevens": (SERVICE, 400),
        **COMMON,
    },
    "reporting": {
        "GET /indicatoren": (RAPPORT_LEZER, 200),
        "GET /indicatoren/{code}": (RAPPORT_LEZER, 404),
        "GET /feiten": (BI, 200),
        "POST /activiteiten": (REGISTREERDER, 400),
        "GET /activiteiten": (RAPPORT_LEZER, 200),
        "GET /activiteiten/{activiteit_id}": (RAPPORT_LEZER, 404),
        "GET /bronnen": (BI, 200),
        # A catch-up reads the source's feed; no intake runs beside the in-process app: 503.
        "POST /bronnen/{bron}/inhaalacties": (ADMIN, 503),
        "POST /herafleidingen": (ADMIN, 200),
        "GET /raadsrapportages/{jaar}": (RAPPORT_LEZER, 200),
        **COMMON,
    },
}
