"""The policy per partner type and the repeat rule, as plain functions (no HTTP, no database).

Policy: `[signalen.partners.<type>]` in the municipality's policy file (minimum amount, arrears
window in days, first action); repeat window: `signalen.herhaling_venster_dagen` (DOMAIN.md §2:
"a repeat signal ... is not picked up again; if the arrears rose, it is").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from shared.contracts.ddas import Signaalstatus
from shared.policy import PartnerBeleid


@dataclass(frozen=True)
class Beoordeling:
    """Whether a signal is picked up, and if not, why."""

    status: Signaalstatus
    reden: str | None = None

    @property
    def opgepakt(self) -> bool:
        return self.status is Signaalstatus.NOG_NIET_OPGEPAKT


OPGEPAKT = Beoordeling(Signaalstatus.NOG_NIET_OPGEPAKT)


def toets_beleid(
    beleid: PartnerBeleid, *, bedrag: Decimal, ontstaansdatum: date, signaaldatum: date
) -> Beoordeling:
    """Status by the partner type's policy: outside it is `Niet opgepakt: onterecht signaal`."""
    if bedrag < beleid.minimum_bedrag:
        return Beoordeling(
            Signaalstatus.ONTERECHT,
            f"Bedrag {bedrag} ligt onder het beleidsminimum van {beleid.minimum_bedrag}.",
        )
    dagen = (signaaldatum - ontstaansdatum).days
    if beleid.achterstand_min_dagen is not None and dagen < beleid.achterstand_min_dagen:
        return Beoordeling(
            Signaalstatus.ONTERECHT,
            f"Achterstand van {dagen} dagen; het beleid vraagt minstens "
            f"{beleid.achterstand_min_dagen} dagen.",
        )
    if beleid.achterstand_max_dagen is not None and dagen > beleid.achterstand_max_dagen:
        return Beoordeling(
            Signaalstatus.ONTERECHT,
            f"Achterstand van {dagen} dagen; het beleid vraagt hoogstens "
            f"{beleid.achterstand_max_dagen} dagen.",
        )
    return OPGEPAKT


@dataclass(frozen=True)
class EerderSignaal:
    """An earlier picked-up signal of the same partner about the same resident, and the case
    it joined (for the case total: the partner's latest amount counts, see
    `bundeling.laatste_bedrag`)."""

    signaaldatum: date
    bedrag: Decimal
    casus_id: str | None = None


def toets_herhaling(
    eerdere: Iterable[EerderSignaal], *, bedrag: Decimal, signaaldatum: date, venster_dagen: int
) -> Beoordeling:
    """A repeat (same partner and resident in the window, amount not higher) is not picked up."""
    grens = signaaldatum - timedelta(days=venster_dagen)
    binnen = [e for e in eerdere if grens <= e.signaaldatum <= signaaldatum]
    if not binnen:
        return OPGEPAKT
    hoogste = max(e.bedrag for e in binnen)
    if bedrag > hoogste:
        return OPGEPAKT
    return Beoordeling(
        Signaalstatus.HERHAALD,
        f"Eerder signaal van deze partner binnen {venster_dagen} dagen met een bedrag van "
        f"{hoogste}; de achterstand is niet gestegen.",
    )
