"""The phases of a debt-help trajectory and the one table of allowed moves between them.

Every edge names the rule that allows it. Edges marked with an action are taken by that use case
(a decision, a solution), which records its data first; the generic phase change refuses them
until that data is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shared.contracts.ddas import Uitstroomreden


class Fase(StrEnum):
    """The DDAS `Schuldhulptraject` phases, in order."""

    AANMELDING = "aanmelding"
    INTAKE = "intake"
    BESCHIKKING = "beschikking"
    PLAN_VAN_AANPAK = "plan-van-aanpak"
    STABILISATIE = "stabilisatie"
    SCHULDREGELING = "schuldregeling"
    OPLOSSING = "oplossing"
    NAZORG = "nazorg"
    UITSTROOM = "uitstroom"


ACTIEVE_FASEN = tuple(f for f in Fase if f is not Fase.UITSTROOM)


@dataclass(frozen=True)
class Overgang:
    """One allowed move, with the rule behind it. `niet_na_toekenning`: the rule speaks of a
    settlement that failed, so the move is closed once the settlement is granted."""

    van: Fase
    naar: Fase
    regel: str
    niet_na_toekenning: bool = False


_VOORTIJDIG = (
    "DDAS Uitstroom: een traject kan in elke fase eindigen (overleden, verhuisd, niet "
    "verschenen, ingetrokken, zelf opgelost, niet passend)"
)

OVERGANGEN: dict[tuple[Fase, Fase], Overgang] = {
    (o.van, o.naar): o
    for o in (
        Overgang(
            Fase.AANMELDING,
            Fase.INTAKE,
            "Wgs art. 4 lid 1 en seed hfst. 4: na de aanvraag volgt de intake",
        ),
        Overgang(
            Fase.INTAKE,
            Fase.BESCHIKKING,
            "Seed hfst. 4: de aanvraag is compleet, alle documenten van de checklist zijn binnen",
        ),
        Overgang(
            Fase.BESCHIKKING,
            Fase.PLAN_VAN_AANPAK,
            "Wgs art. 4a en Verordening beslistermijn: toelatingsbeschikking, dan plan van aanpak",
        ),
        Overgang(
            Fase.BESCHIKKING,
            Fase.UITSTROOM,
            "Awb art. 3:46 en 4:13: afwijzingsbeschikking met redenen; bezwaar staat open. "
            "Zonder besluit alleen voortijdig (DDAS Uitstroom: ingetrokken, overleden, "
            "verhuisd, niet verschenen, zelf opgelost)",
        ),
        Overgang(
            Fase.PLAN_VAN_AANPAK,
            Fase.STABILISATIE,
            "Wgs art. 4 lid 1: het plan van aanpak is vastgesteld; seed hfst. 4 stabilisatie",
        ),
        Overgang(
            Fase.STABILISATIE,
            Fase.SCHULDREGELING,
            "Seed hfst. 4 en §6.4: stabiel, afwegingskader saneringskrediet vastgelegd",
        ),
        Overgang(
            Fase.STABILISATIE,
            Fase.OPLOSSING,
            "DDAS Oplossing: betalingsregeling of herfinanciering zonder schuldregeling",
        ),
        Overgang(
            Fase.SCHULDREGELING,
            Fase.OPLOSSING,
            "Fw art. 287a en NVVK: schuldregeling toegekend (akkoord of dwangakkoord)",
        ),
        Overgang(
            Fase.SCHULDREGELING,
            Fase.STABILISATIE,
            "Seed hfst. 4: de regeling is afgewezen of ingetrokken; opnieuw stabiliseren",
            niet_na_toekenning=True,
        ),
        Overgang(Fase.OPLOSSING, Fase.NAZORG, "Seed hfst. 4: nazorg tot zes maanden"),
        Overgang(
            Fase.OPLOSSING,
            Fase.UITSTROOM,
            "Seed bijlage 5: afgerond zonder nazorg, of voortijdig (DDAS Uitstroom)",
        ),
        Overgang(Fase.NAZORG, Fase.UITSTROOM, "Seed hfst. 4: nazorg afgerond, uitstroom"),
        *(
            Overgang(van, Fase.UITSTROOM, _VOORTIJDIG)
            for van in (
                Fase.AANMELDING,
                Fase.INTAKE,
                Fase.PLAN_VAN_AANPAK,
                Fase.STABILISATIE,
                Fase.SCHULDREGELING,
            )
        ),
    )
}

BESCHIKKINGEN = "POST /v1/trajecten/{id}/beschikkingen"

# Reached only through the use case that records the data the phase needs.
VIA_ACTIE: dict[tuple[Fase, Fase], str] = {
    (Fase.BESCHIKKING, Fase.PLAN_VAN_AANPAK): BESCHIKKINGEN,
    (Fase.STABILISATIE, Fase.OPLOSSING): "POST /v1/trajecten/{id}/oplossingen",
    (Fase.SCHULDREGELING, Fase.OPLOSSING): "POST /v1/trajecten/{id}/oplossingen",
}

# Reasons to end while the decision is pending that are no decision: the resident withdraws,
# dies, moves away, stays away or solves it alone. Any other end from beschikking (voldoet
# niet, niet passend, overig) is an afwijzing, which only the decision records (Awb 3:46).
ZONDER_BESLUIT = frozenset(
    {
        Uitstroomreden.INGETROKKEN,
        Uitstroomreden.OVERLEDEN,
        Uitstroomreden.VERHUISD,
        Uitstroomreden.NIET_VERSCHENEN,
        Uitstroomreden.ZELF,
    }
)

# "Afgerond" is a successful end: only after a solution (DDAS definition of the reason).
AFGEROND_VANUIT = frozenset({Fase.OPLOSSING, Fase.NAZORG})


class VerbodenOvergang(Exception):
    """The move is not in the table (or closed by the case's state); `toegestaan` lists the
    moves that are open."""

    def __init__(self, van: Fase, naar: Fase, *, toegekend: bool = False) -> None:
        waarom = (
            " na een toegekende schuldregeling" if toegekend and (van, naar) in OVERGANGEN else ""
        )
        super().__init__(f"Van fase {van} naar {naar} is niet toegestaan{waarom}.")
        self.toegestaan = toegestane_fasen(van, toegekend=toegekend)


def _open(edge: Overgang | None, *, toegekend: bool) -> bool:
    return edge is not None and not (toegekend and edge.niet_na_toekenning)


def toegestane_fasen(van: Fase, *, toegekend: bool = False) -> list[str]:
    """The phases one can move to from `van`, in phase order (`toegekend`: the settlement was
    granted, which closes the way back to stabilisation)."""
    return [naar.value for naar in Fase if _open(OVERGANGEN.get((van, naar)), toegekend=toegekend)]


def overgang(van: Fase, naar: Fase, *, toegekend: bool = False) -> Overgang:
    """The edge from `van` to `naar`; VerbodenOvergang when there is none or it is closed."""
    edge = OVERGANGEN.get((van, naar))
    if edge is None or not _open(edge, toegekend=toegekend):
        raise VerbodenOvergang(van, naar, toegekend=toegekend)
    return edge


def via_actie(van: Fase, naar: Fase, reden: Uitstroomreden | None) -> str | None:
    """The use case a move must go through, or None when the generic phase change may take
    it; from beschikking to uitstroom that depends on whether the reason is a decision."""
    if (van, naar) == (Fase.BESCHIKKING, Fase.UITSTROOM):
        return None if reden in ZONDER_BESLUIT else BESCHIKKINGEN
    return VIA_ACTIE.get((van, naar))


def uitstroomreden_past(van: Fase, reden: Uitstroomreden) -> bool:
    """Whether an exit reason fits the phase the trajectory leaves."""
    return reden is not Uitstroomreden.AFGEROND or van in AFGEROND_VANUIT
