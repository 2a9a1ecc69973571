"""Which operations touch a resident's personal data, and so must write a processing-log record
(Logboek Dataverwerkingen) whenever they succeed.

Every operation of every service is listed here, as the authorisation matrix lists them:
`test_verwerkingslog` fails when a service has an operation that is not in this table. The suite's
clients (tests/conftest.py) then check every successful call of a `RAAKT` operation, in every
test of the suite, for at least one new record (a list that returned no items excepted), and at
the end of a whole run every `RAAKT` operation must have been called successfully at least once.

A replayed answer (`Idempotent-Replayed: true`) is exempt: it is the stored answer of a call that
was checked; nothing is processed anew.

`RAAKT_NIET` operations hold no personal data: pseudonymous event feeds, the privacy officer's
search of the log (itself logged, but about the log), configuration lists, aggregates.
"""

from __future__ import annotations

from tests.proof.routes import TRAJECT_STAPPEN

RAAKT = "raakt"
RAAKT_NIET = "raakt niet"
# Accepted now, processed (and logged, row by row) by background work after the answer: the
# check cannot count at the answer; tests/signals/test_api_batches.py
# `test_large_batch_over_several_chunks_bundles_and_stores_events_and_log` proves the records.
ACHTERAF = "achteraf"

COMMON: dict[str, str] = {
    "GET /events": RAAKT_NIET,  # pseudonymous keys only (tests/e2e scans them for personal data)
    "POST /verwerkingen/zoeken": RAAKT_NIET,  # the log itself; reading it is logged as inzage
}

VERWERKT: dict[str, dict[str, str]] = {
    "intake": {
        "POST /meldingen": RAAKT,
        "GET /meldingen": RAAKT,
        "POST /meldingen/zoeken": RAAKT,
        "GET /meldingen/{meldingId}": RAAKT,
        "GET /meldingen/{meldingId}/statuswijzigingen": RAAKT,
        "POST /meldingen/{meldingId}/aanmeldgesprekken": RAAKT,
        "GET /meldingen/{meldingId}/aanmeldgesprekken": RAAKT,
        "GET /aanmeldgesprekken/{gesprekId}": RAAKT,
        "PATCH /aanmeldgesprekken/{gesprekId}": RAAKT,
        "POST /aanmeldgesprekken/{gesprekId}/verplaatsingen": RAAKT,
        "GET /aanmeldgesprekken/{gesprekId}/brieven/{soort}": RAAKT,
        "POST /meldingen/{meldingId}/uitkomst": RAAKT,
        "GET /meldingen/{meldingId}/uitkomst": RAAKT,
        "GET /verwijspartners": RAAKT_NIET,
        "POST /verwijspartners": RAAKT_NIET,
        "GET /verwijspartners/{partnerId}": RAAKT_NIET,
        "PUT /verwijspartners/{partnerId}": RAAKT_NIET,
        "DELETE /verwijspartners/{partnerId}": RAAKT_NIET,
        "POST /vroegsignaal-overdrachten": RAAKT,
        "POST /bekendheid": RAAKT,
        **COMMON,
    },
    "signals": {
        "POST /signalen": RAAKT,
        "GET /signalen": RAAKT,
        "GET /signalen/{signaal_id}": RAAKT,
        "POST /signaal-batches": ACHTERAF,
        # Counts and a per-row report (row number, field, reason): no personal data.
        "GET /signaal-batches/{batch_id}": RAAKT_NIET,
        "GET /casussen": RAAKT,
        "GET /casussen/{casus_id}": RAAKT,
        "POST /casussen/{casus_id}/toewijzingen": RAAKT,
        "POST /casussen/{casus_id}/contactpogingen": RAAKT,
        "POST /casussen/{casus_id}/afsluitingen": RAAKT,
        "POST /huishoudens/zoeken": RAAKT,
        "GET /match-beoordelingen": RAAKT,
        "POST /match-beoordelingen/{beoordeling_id}/besluiten": RAAKT,
        "POST /ddas/gegevens": RAAKT,
        # A creditor's callback address and secret: the creditor's data, not a resident's.
        "POST /terugkoppel-abonnementen": RAAKT_NIET,
        "GET /terugkoppel-abonnementen/{creditor_id}": RAAKT_NIET,
        **COMMON,
    },
    "trajectory": {
        "POST /aanvragen": RAAKT,
        "POST /bekendheid": RAAKT,
        "GET /trajecten": RAAKT,
        "GET /trajecten/{trajectId}": RAAKT,
        **{
            f"{method} /trajecten/{{trajectId}}/{action}": RAAKT
            for method, action in TRAJECT_STAPPEN
        },
        # Counts per counsellor; setting a counsellor's FTE is about staff, not residents.
        "GET /capaciteit": RAAKT_NIET,
        "PUT /consulenten/{consulentId}": RAAKT_NIET,
        "POST /ddas/gegevens": RAAKT,
        **COMMON,
    },
    # Reporting holds pseudonymous keys and counts only (docs/indicators.md).
    "reporting": {
        "GET /indicatoren": RAAKT_NIET,
        "GET /indicatoren/{code}": RAAKT_NIET,
        "GET /feiten": RAAKT_NIET,
        "POST /activiteiten": RAAKT_NIET,
        "GET /activiteiten": RAAKT_NIET,
        "GET /activiteiten/{activiteit_id}": RAAKT_NIET,
        "GET /bronnen": RAAKT_NIET,
        "POST /bronnen/{bron}/inhaalacties": RAAKT_NIET,
        "POST /herafleidingen": RAAKT_NIET,
        "GET /raadsrapportages/{jaar}": RAAKT_NIET,
        **COMMON,
    },
}
