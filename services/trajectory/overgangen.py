"""One phase move with all its bookkeeping: phase dates, deadlines, history, events."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.engine import Row

from services.trajectory import repository
from services.trajectory.context import Ctx
from services.trajectory.domain import termijnen
from services.trajectory.domain.fasen import Fase, VerbodenOvergang, overgang
from services.trajectory.domain.termijnen import Termijn
from shared.contracts import trajectory_events as ev
from shared.contracts.ddas import Uitstroomreden
from shared.problems import Conflict


def verboden(exc: VerbodenOvergang) -> Conflict:
    return Conflict(str(exc), allowed=exc.toegestaan)


def termijn_event(
    ctx: Ctx,
    row: Row[Any],
    termijn: Termijn,
    *,
    termijn_datum: date,
    datum: date,
    gehaald: bool | None = None,
) -> None:
    """Report a deadline met or missed (by default: done on or before the deadline day)."""
    ctx.event(
        ev.TERMIJN,
        subject_key=row.subject_key,
        payload=ev.TermijnUitkomst(
            traject_id=uuid.UUID(row.id),
            termijn=termijn.value,
            termijn_datum=termijn_datum,
            datum=datum,
            gehaald=termijnen.gehaald(termijn=termijn_datum, op=datum)
            if gehaald is None
            else gehaald,
        ),
    )


def _stabilisatie_minimum(ctx: Ctx, row: Row[Any]) -> date | None:
    if row.fase != Fase.STABILISATIE.value or row.stabilisatie_start is None:
        return None
    return termijnen.stabilisatie_minimum(ctx.policy, row.stabilisatie_start)


def _afwijking(ctx: Ctx, row: Row[Any], datum: date, minimum: date | None) -> str | None:
    """What the history flags about this move: stabilisation ended before the policy minimum."""
    if minimum is None or datum >= minimum:
        return None
    maanden = ctx.policy.termijnen.stabilisatie_min_maanden
    return (
        f"Afwijking: stabilisatie korter dan het beleidsminimum van {maanden} maanden "
        f"(vanaf {row.stabilisatie_start.isoformat()}, minimum tot {minimum.isoformat()})"
    )


def _bij_vertrek(ctx: Ctx, row: Row[Any], datum: date, minimum: date | None) -> dict[str, Any]:
    """Close the phase being left; report the deadlines that guarded it (`minimum`: the
    stabilisation minimum when stabilisation is left)."""
    values: dict[str, Any] = {}
    if row.fase == Fase.STABILISATIE.value:
        values["stabilisatie_eind"] = datum
        if minimum is not None:
            termijn_event(
                ctx,
                row,
                Termijn.STABILISATIE_MINIMUM,
                termijn_datum=minimum,
                datum=datum,
                gehaald=datum >= minimum,
            )
        for termijn, column in (
            (Termijn.STABILISATIE_BENCHMARK, row.stabilisatie_benchmark_datum),
            (Termijn.STABILISATIE_MAXIMUM, row.stabilisatie_max_datum),
        ):
            if column is not None:
                termijn_event(ctx, row, termijn, termijn_datum=column, datum=datum)
    elif row.fase == Fase.NAZORG.value:
        values["nazorg_eind"] = datum
        if row.nazorg_einde_datum is not None:
            termijn_event(
                ctx, row, Termijn.NAZORG_MAXIMUM, termijn_datum=row.nazorg_einde_datum, datum=datum
            )
    elif (
        row.fase == Fase.SCHULDREGELING.value
        and row.schuldregeling_ingediend is not None
        and row.schuldregeling_toegekend is None
        and row.schuldregeling_afgewezen is None
    ):
        # Leaving with the offer still open: the settlement request is withdrawn (DDAS
        # Schuldregeling.ingetrokken).
        values["schuldregeling_ingetrokken"] = datum
        # A withdrawn offer is off the table: no creditor can still accept it.
        repository.trek_aanbod_in(ctx.session, row.id)
        if row.nvvk_datum is not None and datum > row.nvvk_datum:
            # No agreement within the NVVK norm: missed, even though it ends without one.
            termijn_event(
                ctx, row, Termijn.SCHULDREGELING_NVVK, termijn_datum=row.nvvk_datum, datum=datum
            )
        ctx.event(
            ev.SCHULDREGELING,
            subject_key=row.subject_key,
            payload=ev.SchuldregelingUitkomst(
                traject_id=uuid.UUID(row.id),
                uitkomst="ingetrokken",
                dwangakkoord=False,
                datum=datum,
            ),
        )
    elif row.fase == Fase.OPLOSSING.value and row.oplossing_eind is None:
        values["oplossing_eind"] = datum
    return values


# A settlement round's own dates; a new round after a refused or withdrawn one starts them anew.
_RONDE = (
    "schuldregeling_ingediend",
    "nvvk_datum",
    "schuldregeling_afgewezen",
    "schuldregeling_ingetrokken",
    "dwangakkoord_verzoek_datum",
    "dwangakkoord",
    "dwangakkoord_uitspraak_datum",
)


def _nieuwe_ronde(ctx: Ctx, row: Row[Any]) -> dict[str, Any]:
    """Back in schuldregeling after a round that was refused or withdrawn: the old offer is no
    longer current and the next offer starts a new NVVK term (the old round stays in the
    offers, the history and the events)."""
    if row.schuldregeling_ingediend is None:
        return {}
    repository.beeindig_aanbod(ctx.session, row.id)
    return dict.fromkeys(_RONDE)


def _bij_aankomst(ctx: Ctx, row: Row[Any], naar: Fase, datum: date) -> dict[str, Any]:
    """Open the phase entered and compute its deadlines."""
    if naar is Fase.INTAKE:
        return {"intake_start": datum}
    if naar is Fase.STABILISATIE:
        stab = termijnen.stabilisatie_termijnen(ctx.policy, datum)
        return {
            "stabilisatie_start": datum,
            "stabilisatie_eind": None,
            "stabilisatie_benchmark_datum": stab.benchmark,
            "stabilisatie_max_datum": stab.maximum,
        }
    if naar is Fase.SCHULDREGELING:
        return {"schuldregeling_start": datum, **_nieuwe_ronde(ctx, row)}
    if naar is Fase.NAZORG:
        return {
            "nazorg_start": datum,
            "nazorg_einde_datum": termijnen.nazorg_einde(ctx.policy, datum),
        }
    return {}


def verplaats(
    ctx: Ctx,
    row: Row[Any],
    naar: Fase,
    *,
    datum: date,
    reden: str,
    uitstroomreden: Uitstroomreden | None = None,
    uitstroom_omschrijving: str | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """Move `row` to `naar` if the table allows it (409 with the allowed moves otherwise)."""
    van = Fase(row.fase)
    try:
        edge = overgang(van, naar, toegekend=row.schuldregeling_toegekend is not None)
    except VerbodenOvergang as exc:
        raise verboden(exc) from None
    minimum = _stabilisatie_minimum(ctx, row)
    afwijking = _afwijking(ctx, row, datum, minimum)
    regel = edge.regel if afwijking is None else f"{edge.regel}. {afwijking}"
    values = {
        **_bij_vertrek(ctx, row, datum, minimum),
        **_bij_aankomst(ctx, row, naar, datum),
        **(extra or {}),
    }
    values.update(fase=naar.value, fase_sinds=datum)
    if naar is Fase.UITSTROOM:
        assert uitstroomreden is not None
        besloten = row.beschikking_datum is not None or "beschikking_datum" in (extra or {})
        if not besloten and datum > row.beslistermijn_datum:
            # Ended undecided after the decision term: the term was missed (an afwijzing
            # reports its own outcome in `beschik`).
            termijn_event(
                ctx, row, Termijn.BESLISTERMIJN, termijn_datum=row.beslistermijn_datum, datum=datum
            )
        values.update(
            uitstroom_datum=datum,
            uitstroom_reden=uitstroomreden.value,
            uitstroom_omschrijving=uitstroom_omschrijving,
        )
        repository.sluit_personen(ctx.session, row.id)
    repository.wijzig(ctx.session, row.id, **values)
    ctx.historie(row.id, van=van.value, naar=naar.value, datum=datum, regel=regel, reden=reden)
    ctx.log("fase-wijzigen", [row.subject_key, row.partner_subject_key])
    ctx.event(
        ev.FASE_GEWIJZIGD,
        subject_key=row.subject_key,
        payload=ev.FaseGewijzigd(
            traject_id=uuid.UUID(row.id), van=van.value, naar=naar.value, datum=datum
        ),
    )
    if naar is Fase.UITSTROOM:
        assert uitstroomreden is not None
        ctx.event(
            ev.UITSTROOM,
            subject_key=row.subject_key,
            payload=ev.TrajectUitgestroomd(
                traject_id=uuid.UUID(row.id),
                reden=uitstroomreden,
                vanuit_fase=van.value,
                datum=datum,
            ),
        )
