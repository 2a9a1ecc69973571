"""Reading an event payload tolerantly: camelCase and snake_case alike, malformed values None."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from shared.types import AMSTERDAM


def _norm(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


class Velden:
    """A payload looked up by normalised key (camelCase and snake_case alike)."""

    def __init__(self, payload: Mapping[str, Any]) -> None:
        self._values = {_norm(str(k)): v for k, v in payload.items()}

    def ruw(self, *keys: str) -> Any:
        for key in keys:
            value = self._values.get(_norm(key))
            if value is not None and value != "":
                return value
        return None

    def tekst(self, *keys: str, limit: int = 100) -> str | None:
        value = self.ruw(*keys)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str | int) and not isinstance(value, bool):
            return str(value)[:limit]
        return None

    def vlag(self, *keys: str) -> bool | None:
        value = self.ruw(*keys)
        return value if isinstance(value, bool) else None

    def bedrag(self, *keys: str) -> Decimal | None:
        value = self.ruw(*keys)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None
        try:
            amount = Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            return None
        return amount if amount.is_finite() and abs(amount) < Decimal("1e10") else None

    def aantal(self, *keys: str) -> int | None:
        value = self.ruw(*keys)
        if isinstance(value, list):
            return len(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31:
            return value
        return None

    def datum(self, *keys: str) -> date | None:
        value = self.ruw(*keys)
        if isinstance(value, str):
            try:
                if len(value) == 10:
                    return date.fromisoformat(value)
                return datetime.fromisoformat(value).astimezone(AMSTERDAM).date()
            except ValueError:
                return None
        return None

    def lijst(self, *keys: str) -> list[str]:
        value = self.ruw(*keys)
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [str(v) for v in value if isinstance(v, str)]
        return []
