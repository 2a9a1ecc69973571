"""Every indicator on the aggregated path, by code, and computing them for a request."""

from __future__ import annotations

from collections.abc import Sequence

from services.reporting.indicatoren import catalogus
from services.reporting.indicatoren import geaggregeerd as g
from services.reporting.indicatoren import geaggregeerd_groepen as gg
from services.reporting.indicatoren import geaggregeerd_signalen as gs
from services.reporting.indicatoren.bevraging import Bevraging, verdeeld
from services.reporting.indicatoren.context import doelgroep, kanaal, partnertype, resultaat
from services.reporting.indicatoren.definitie import Definitie
from services.reporting.indicatoren.divosa import SCHULDENVRIJ, UITVAL
from services.reporting.soorten import FeitSoort as S

# Indicators of registered activities only: the detailed function itself, on no facts; and
# the residents per target group, counted from what the database selects.
_ACTIVITEITEN = (
    "jongeren-bereikt-preventie", "moneyways-klassen", "bewind-convenanten",
    "online-schuldencoach", "stoppen-met-roken", "cursus-deelnemers", "formatie-fte",
)  # fmt: skip
_DOELGROEPEN = ("jongeren-jas", "ondernemers-geholpen", "ggz-pilot")

BEREKENINGEN: dict[str, g.Berekening] = {
    **{c: g.alleen_registraties(catalogus.PER_CODE[c].bereken) for c in _ACTIVITEITEN},
    **{
        c: g.met_doelgroep(
            catalogus.PER_CODE[c].bereken,
            samen=[catalogus.PER_CODE[d].bereken for d in _DOELGROEPEN],
        )
        for c in _DOELGROEPEN
    },
    "aanvragen": g.aanvragen,
    "clienten-in-portefeuille": g.clienten_in_portefeuille,
    "signalen-verwerkt": g.telling_van(S.SIGNAAL, partnertype=partnertype),
    "afwegingskader-gebruik": gg.afwegingskader,
    "saneringskredieten": gg.saneringskredieten,
    "contact-signalen": gs.contact_signalen,
    "advies-of-traject": gg.advies_of_traject,
    "crisis-binnen-3-werkdagen": g.crisis_binnen_termijn,
    "schuldregelingen-geslaagd": gg.schuldregelingen_geslaagd,
    "recidive-5-jaar": gg.recidive,
    "meldingen-per-doelgroep": g.telling_van(S.MELDING, doelgroep=doelgroep, kanaal=kanaal),
    "aanmeldingen": g.telling_van(S.MELDING, kanaal=kanaal, doelgroep=doelgroep),
    "intakes": g.telling_van(S.EERSTE_GESPREK, kanaal=kanaal),
    "toegekende-aanvragen": g.toegekende_aanvragen,
    "wachttijd-eerste-gesprek": g.wachttijd,
    "eerste-gesprek-binnen-norm": g.binnen_weken(
        lambda p: p.termijnen.eerste_gesprek_weken, "gesprek-norm"
    ),
    "eerste-gesprek-binnen-wettelijke-termijn": g.binnen_weken(
        lambda p: p.termijnen.eerste_gesprek_wettelijk_weken, "gesprek-wettelijk"
    ),
    "beslistijd": g.beslistijd,
    "beschikking-binnen-termijn": g.beslist_binnen_termijn,
    "stabilisatie-langer-dan-4-maanden": g.stabilisatie_lang,
    "schuldregeling-langer-dan-120-dagen": g.schuldregeling_lang,
    "succes-schuldbemiddeling": gg.succes("schuldbemiddeling"),
    "succes-saneringskrediet": gg.succes("saneringskrediet"),
    "schuldenvrije-uitstroom": g.uitstroom_aandeel(SCHULDENVRIJ),
    "uitval": g.uitstroom_aandeel(UITVAL),
    "schuldeisers-per-traject": gg.schuldeisers_per_traject,
    "gemiddelde-schuld": gg.gemiddelde_schuld,
    "clienten-per-begeleiding": g.telling_van(S.BEGELEIDING_GESTART, begeleidingssoort=resultaat),
    "wsnp-verwijzingen": g.telling_van(S.WSNP_VERWIJZING),
    "caseload-per-fte": g.caseload,
    "signalen-per-partnertype": g.signalen_per_partnertype,
    "signalen-unieke-inwoners": gs.unieke_inwoners,
    "casussen-per-eindresultaat": g.telling_van(S.CASUS_AFGESLOTEN, eindresultaat=resultaat),
    "signalen-niet-opgepakt": g.niet_opgepakt,
    "contactpogingen-per-casus": gs.contactpogingen_per_casus,
    "signaal-tot-oppakken": gs.signaal_tot_oppakken,
    "conversie-naar-schuldhulp": gs.conversie,
}
assert set(BEREKENINGEN) == set(catalogus.PER_CODE), "every indicator on the aggregated path"


# The indicators that take longest (per-indicator profile, docs/benchmarks.md), started first
# when they are spread over threads, so that the threads finish at about the same time.
_LANGST = (
    "contact-signalen", "schuldregelingen-geslaagd", "aanvragen", "recidive-5-jaar",
    "clienten-in-portefeuille", "signaal-tot-oppakken", "jongeren-jas",
    "stabilisatie-langer-dan-4-maanden", "saneringskredieten", "afwegingskader-gebruik",
    "contactpogingen-per-casus",
)  # fmt: skip
_VOLGORDE = {code: n for n, code in enumerate(_LANGST)}
assert set(_LANGST) <= set(catalogus.PER_CODE)


def _gekozen(codes: list[str] | None) -> tuple[Definitie, ...]:
    return catalogus.DEFINITIES if codes is None else tuple(catalogus.PER_CODE[c] for c in codes)


def _een(b: Bevraging, d: Definitie) -> catalogus.Resultaat:
    return catalogus.beoordeel(d, BEREKENINGEN[d.code](b), b.policy, b.periode)


def bereken_alle(b: Bevraging, codes: list[str] | None = None) -> list[catalogus.Resultaat]:
    """The indicators (all, or those named) for the request's period, in catalogue order."""
    return [_een(b, d) for d in _gekozen(codes)]


def bereken_verdeeld(
    bevragingen: Sequence[Bevraging], codes: list[str] | None = None
) -> list[catalogus.Resultaat]:
    """As `bereken_alle`, spread over one thread per `Bevraging` (each its own connection, all
    on one snapshot, sharing what is computed once): most of an indicator's time is the
    database's, during which the driver lets other threads run."""
    chosen = _gekozen(codes)
    volgorde = sorted(chosen, key=lambda d: _VOLGORDE.get(d.code, len(_VOLGORDE)))
    klaar = {r.definitie.code: r for r in verdeeld(bevragingen, volgorde, _een)}
    return [klaar[d.code] for d in chosen]
