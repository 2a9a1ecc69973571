"""The reporting period from the query: a year, a quarter, a month, or a date range."""

from __future__ import annotations

from datetime import date

from services.reporting.indicatoren.context import Periode
from shared.problems import InvalidInput, InvalidParam

# The years a period may lie in (`jaar`, and the days of a range). Comparisons look a year back
# and a range runs a day past its last: near the calendar's own edges that arithmetic fails.
EERSTE_JAAR = 2000
LAATSTE_JAAR = 2100
_BEREIK = f"Moet in de jaren {EERSTE_JAAR}-{LAATSTE_JAAR} liggen."


def _plus_maanden(start: date, maanden: int) -> date:
    index = start.month - 1 + maanden
    return date(start.year + index // 12, index % 12 + 1, 1)


def _jaar_van_laatste_dag(tot: date) -> int:
    # `tot` is exclusive: 2101-01-01 ends a range in 2100 (computed without subtracting a day,
    # which 0001-01-01 has not).
    return tot.year - 1 if (tot.month, tot.day) == (1, 1) else tot.year


def periode_uit(
    *,
    jaar: int | None,
    kwartaal: int | None,
    maand: int | None,
    vanaf: date | None,
    tot: date | None,
    vandaag: date,
) -> Periode:
    """The period asked for; `tot` is exclusive. Nothing given: the current calendar year.

    A year may be narrowed to a quarter or a month; a range stands on its own (`vanaf` alone
    runs to today inclusive, `tot` alone starts on 1 January of the year before `tot`).
    """
    fouten: list[InvalidParam] = []
    if (vanaf or tot) and (jaar or kwartaal or maand):
        fouten.append(InvalidParam(name="jaar", reason="Kies een jaar of een datumbereik."))
    if (kwartaal or maand) and not jaar:
        name = "kwartaal" if kwartaal else "maand"
        fouten.append(InvalidParam(name=name, reason="Alleen samen met een jaar."))
    if kwartaal and maand:
        fouten.append(InvalidParam(name="maand", reason="Kies een kwartaal of een maand."))
    if vanaf and not EERSTE_JAAR <= vanaf.year <= LAATSTE_JAAR:
        fouten.append(InvalidParam(name="vanaf", reason=_BEREIK))
    if tot and not EERSTE_JAAR <= _jaar_van_laatste_dag(tot) <= LAATSTE_JAAR:
        fouten.append(InvalidParam(name="tot", reason=_BEREIK))
    elif vanaf and tot and tot <= vanaf:
        fouten.append(InvalidParam(name="tot", reason="Moet na vanaf liggen."))
    if fouten:
        detail = (
            "1 veld is ongeldig." if len(fouten) == 1 else f"{len(fouten)} velden zijn ongeldig."
        )
        raise InvalidInput(detail, invalid_params=fouten)
    if vanaf or tot:
        begin = vanaf or date((tot or vandaag).year - 1, 1, 1)
        eind = tot or date.fromordinal(max(vandaag, begin).toordinal() + 1)
        return Periode(begin, eind, "bereik")
    if jaar is None:
        return Periode(date(vandaag.year, 1, 1), date(vandaag.year + 1, 1, 1), "jaar")
    if kwartaal:
        start = date(jaar, 3 * (kwartaal - 1) + 1, 1)
        return Periode(start, _plus_maanden(start, 3), "kwartaal")
    if maand:
        start = date(jaar, maand, 1)
        return Periode(start, _plus_maanden(start, 1), "maand")
    return Periode(date(jaar, 1, 1), date(jaar + 1, 1, 1), "jaar")
