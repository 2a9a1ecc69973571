"""Verdict and case per signal: the partner's policy, the repeat rule, and bundling.

A picked-up signal joins the resident's open case whose matching period holds its signal date
(DDAS Vroegsignaalzaak; policy `signalen.matching_periode_dagen`, N), or opens a new case whose
period runs N days from its signal date. The periods of one resident's open cases never overlap
(DOMAIN.md §2: signals about one resident within a matching period form one case):

- a signal dated after every open period opens a new case, even while the earlier one is open
  (the period is closed; a new run of arrears is a new case);
- a signal dated before an open case's start, where its own period would reach into that case
  (at most N days before the start), joins it instead, and the start moves back to its date;
  the end stays, so no signal already in the case falls outside. Of two such cases it joins the
  earliest, so the moved start stays after any earlier case's end (`kies_casus`);
- a signal more than N days before every open case opens a case of its own, which ends before
  the next one starts.

Signals arrive out of date order (a batch, a creditor's late signal), so without the second rule
an earlier-dated signal opened a second, overlapping case for the same resident. The state of one
chunk is kept in memory so later rows see earlier ones without a query per row.

A case's total is, per creditor, the amount of that creditor's latest signal in it, summed over
the creditors: a later signal carries the creditor's running total of arrears, not an increase
(DOMAIN.md §2: several signals about one resident count as one).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.signals import repository, rijen
from services.signals.beleid import Beoordeling, EerderSignaal, toets_beleid, toets_herhaling
from services.signals.models import casus, casus_historie
from services.signals.schemas import SignaalCreate
from shared.contracts.ddas import Signaalpartner
from shared.policy import Policy


@dataclass
class Bundelaar:
    """Places the signals of one chunk; `schrijf` stores the cases it opened or changed."""

    policy: Policy
    partner_type: Signaalpartner
    eerdere: dict[str, list[EerderSignaal]]
    open_per_sleutel: dict[str, list[Any]]
    vast: rijen.Vast
    casus_ids: Iterator[str]
    nieuw: dict[str, dict[str, Any]] = field(default_factory=dict)
    gewijzigd: dict[str, dict[str, Any]] = field(default_factory=dict)
    overdrachten: list[tuple[str, str, SignaalCreate]] = field(default_factory=list)

    @classmethod
    def laad(
        cls,
        session: Connection,
        *,
        policy: Policy,
        partner_type: Signaalpartner,
        creditor_id: str,
        sleutels: set[str],
        vast: rijen.Vast,
        bekend: repository.Bekend | None = None,
    ) -> Bundelaar:
        """Load what the chunk's residents already have: earlier signals and open cases
        (unless the caller looked them up already)."""
        if bekend is None:
            bekend = repository.Bekend(
                partner_ids={},
                eerdere=repository.eerdere_signalen(
                    session, creditor_id=creditor_id, subject_keys=sleutels
                ),
                open=repository.open_casussen(session, sleutels),
            )
        return cls(
            policy=policy,
            partner_type=partner_type,
            eerdere=bekend.eerdere,
            open_per_sleutel=bekend.open,
            vast=vast,
            # Mostly at most one new case per resident: ids drawn in blocks of that size.
            casus_ids=repository.id_bron(max(1, len(sleutels))),
        )

    def plaats(
        self, item: SignaalCreate, sleutel: str, adres_sleutel: str
    ) -> tuple[Beoordeling, str | None]:
        """The signal's verdict and, when picked up, its case id."""
        beleid = self.policy.signalen
        oordeel = toets_beleid(
            beleid.voor(self.partner_type),
            bedrag=item.bedrag,
            ontstaansdatum=item.ontstaansdatum,
            signaaldatum=item.signaaldatum,
        )
        if oordeel.opgepakt:
            oordeel = toets_herhaling(
                self.eerdere[sleutel],
                bedrag=item.bedrag,
                signaaldatum=item.signaaldatum,
                venster_dagen=beleid.herhaling_venster_dagen,
            )
        if not oordeel.opgepakt:
            return oordeel, None
        doel = self._casus_voor(item, sleutel, adres_sleutel)
        # This chunk is one creditor's: its part of the total goes from its latest amount in
        # the case so far to its latest with this signal; the other creditors' part stays.
        eerdere = self.eerdere[sleutel]
        voor = laatste_bedrag(e for e in eerdere if e.casus_id == doel["id"])
        eerdere.append(EerderSignaal(item.signaaldatum, item.bedrag, doel["id"]))
        na = laatste_bedrag(e for e in eerdere if e.casus_id == doel["id"])
        doel["totaal_bedrag"] = doel["totaal_bedrag"] - voor + na
        doel["crisis"] = doel["crisis"] or item.crisissignaal
        if item.warme_overdracht and not doel["overgedragen_at"]:
            # A warm hand-over goes to intake at once: the partner already has contact.
            doel["warme_overdracht"] = True
            doel["overgedragen_at"] = self.vast.now
            self.overdrachten.append((doel["id"], sleutel, item))
        return oordeel, str(doel["id"])

    def _casus_voor(self, item: SignaalCreate, sleutel: str, adres_sleutel: str) -> dict[str, Any]:
        open_casussen = self.open_per_sleutel[sleutel]
        for i, kandidaat in enumerate(open_casussen):
            if not isinstance(kandidaat, dict):
                # One dict per case from here on, so a moved start is what later rows see.
                open_casussen[i] = kandidaat._asdict()
        doel = kies_casus(
            open_casussen, item.signaaldatum, periode_dagen=self.vast.matching_periode_dagen
        )
        if doel is not None:
            if item.signaaldatum < doel["startdatum_matchingperiode"]:
                doel["startdatum_matchingperiode"] = item.signaaldatum
            if doel["id"] in self.nieuw:
                return doel
            return self.gewijzigd.setdefault(doel["id"], doel)
        created = rijen.nieuwe_casus(
            item,
            casus_id=next(self.casus_ids),
            subject_key=sleutel,
            adres_sleutel=adres_sleutel,
            vast=self.vast,
        )
        self.nieuw[created["id"]] = created
        self.open_per_sleutel[sleutel].append(created)
        return created

    def schrijf(self, session: Connection, *, actor: str) -> None:
        """Insert the new cases with their first history entry; update the changed ones."""
        repository.insert_many(session, casus, list(self.nieuw.values()))
        repository.insert_many(
            session,
            casus_historie,
            [rijen.historie_geopend(c, actor=actor, vast=self.vast) for c in self.nieuw.values()],
        )
        if self.gewijzigd:
            session.execute(
                _WIJZIG,
                [
                    {
                        "casus_id": c["id"],
                        "startdatum_matchingperiode": c["startdatum_matchingperiode"],
                        "totaal_bedrag": Decimal(c["totaal_bedrag"]),
                        "crisis": c["crisis"],
                        "warme_overdracht": c["warme_overdracht"],
                        "overgedragen_at": c["overgedragen_at"],
                    }
                    for c in self.gewijzigd.values()
                ],
            )


# Built once: most pushes join an open case.
_WIJZIG = (
    sa.update(casus)
    .where(casus.c.id == sa.bindparam("casus_id"))
    .values(
        startdatum_matchingperiode=sa.bindparam("startdatum_matchingperiode"),
        totaal_bedrag=sa.bindparam("totaal_bedrag"),
        crisis=sa.bindparam("crisis"),
        warme_overdracht=sa.bindparam("warme_overdracht"),
        overgedragen_at=sa.bindparam("overgedragen_at"),
    )
)


def laatste_bedrag(signalen: Iterable[EerderSignaal]) -> Decimal:
    """The amount of one creditor's latest signal (by signal date, then the order received:
    `signalen` in that order), 0 without signals. It is the creditor's running total."""
    laatste: EerderSignaal | None = None
    for signaal in signalen:
        if laatste is None or signaal.signaaldatum >= laatste.signaaldatum:
            laatste = signaal
    return laatste.bedrag if laatste is not None else Decimal(0)


def casus_totaal(per_schuldeiser: Mapping[str, Iterable[EerderSignaal]]) -> Decimal:
    """A case's total: each creditor's latest amount, summed (see the module docstring)."""
    return sum((laatste_bedrag(signalen) for signalen in per_schuldeiser.values()), Decimal(0))


def kies_casus(
    open_casussen: Iterable[dict[str, Any]], signaaldatum: date, *, periode_dagen: int
) -> dict[str, Any] | None:
    """The open case a picked-up signal joins (see the module docstring): the one whose matching
    period holds its date; else, of those starting at most `periode_dagen` after it, the
    earliest; None: a new case."""
    volgende: dict[str, Any] | None = None
    eigen_einde = signaaldatum + timedelta(days=periode_dagen)  # of the case it would open
    for row in open_casussen:
        start = row["startdatum_matchingperiode"]
        if start <= signaaldatum <= row["einddatum_matchingperiode"]:
            return row
        if signaaldatum < start <= eigen_einde and (
            volgende is None or start < volgende["startdatum_matchingperiode"]
        ):
            volgende = row
    return volgende
