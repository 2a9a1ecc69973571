"""What every use case needs: the session, the policy, the caller, today; and the shared
bookkeeping each change does (history, events, processing log)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection

from services.trajectory.models import plumbing, traject_historie
from shared import events, processing_log
from shared.auth import Principal
from shared.policy import Policy

# Register of processing activities (policy `verwerkingsactiviteiten`): the trajectory's own.
ACTIVITEIT = "schuldhulptraject"


_HISTORIE_INSERT = traject_historie.insert()


@dataclass(frozen=True)
class Ctx:
    session: Connection
    policy: Policy
    principal: Principal
    vandaag: date

    @property
    def rol(self) -> str:
        held = sorted(r.value for r in self.principal.roles)
        return held[0] if held else "none"

    def log(self, action: str, subject_keys: Iterable[str | None]) -> None:
        """Processing log: one record per resident whose data was read or written."""
        processing_log.log_processing(
            self.session,
            plumbing,
            activities={a.id for a in self.policy.verwerkingsactiviteiten},
            principal=self.principal,
            action=action,
            activity_id=ACTIVITEIT,
            subject_keys=[k for k in subject_keys if k],
        )

    def event(self, type_: str, *, subject_key: str | None, payload: BaseModel) -> None:
        events.append_event(
            self.session,
            plumbing,
            type=type_,
            gemeentecode=self.policy.gemeentecode,
            subject_key=subject_key,
            payload=payload.model_dump(mode="json", by_alias=True),
        )

    def historie(
        self,
        traject_id: str,
        *,
        van: str | None,
        naar: str,
        datum: date,
        regel: str,
        reden: str | None,
    ) -> None:
        """Append one history entry (who, when, from, to, why); entries are never edited."""
        row: dict[str, Any] = {
            "traject_id": traject_id,
            "van_fase": van,
            "naar_fase": naar,
            "datum": datum,
            "regel": regel,
            "reden": reden,
            "actor": self.principal.subject,
            "rol": self.rol,
            "at": datetime.now(UTC),
        }
        self.session.execute(_HISTORIE_INSERT, row)
