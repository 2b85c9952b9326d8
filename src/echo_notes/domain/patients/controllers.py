"""The /patients endpoints. Each read or write records one audit row in the same transaction."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from echo_notes.domain.auth.guards import clinicians
from echo_notes.domain.dependencies import Audit, Caller, Db
from echo_notes.domain.patients import services
from echo_notes.domain.patients.schemas import PatientCreate, PatientOut, PatientUpdate
from echo_notes.domain.schemas import Page, PageLimit, PageOffset


class PatientController(Controller):
    path = "/patients"
    tags = ["patients"]

    @get("/")
    async def list_patients(
        self,
        db: Db,
        principal: Caller,
        audit: Audit,
        q: Annotated[
            str | None, QueryParameter(max_length=200, description="name, e-mail or record number")
        ] = None,
        include_archived: FromQuery[bool] = False,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[PatientOut]:
        rows, total = await services.search_patients(db, principal, q, include_archived, limit, offset)
        await audit.record(
            "patient.list",
            "patient",
            None,
            count=len(rows),
            searched=bool(q),
            patient_ids=[str(r.id) for r in rows],
        )
        return Page([PatientOut.of(r) for r in rows], total, limit, offset)

    @post("/", status_code=HTTP_201_CREATED)
    async def create_patient(
        self, db: Db, principal: Caller, audit: Audit, data: JSONBody[PatientCreate]
    ) -> PatientOut:
        row = await services.create_patient(db, principal, data)
        await audit.record("patient.create", "patient", row.id)
        return PatientOut.of(row)

    @get("/{patient_id:uuid}")
    async def get_patient(
        self, db: Db, principal: Caller, audit: Audit, patient_id: FromPath[uuid.UUID]
    ) -> PatientOut:
        row = await services.get_patient(db, principal, patient_id)
        await audit.record("patient.read", "patient", row.id)
        return PatientOut.of(row)

    @put("/{patient_id:uuid}")
    async def update_patient(
        self,
        db: Db,
        principal: Caller,
        audit: Audit,
        patient_id: FromPath[uuid.UUID],
        data: JSONBody[PatientUpdate],
    ) -> PatientOut:
        row, changed = await services.update_patient(db, principal, patient_id, data)
        await audit.record("patient.update", "patient", row.id, fields=changed)
        return PatientOut.of(row)

    @delete("/{patient_id:uuid}", guards=[clinicians], status_code=200)
    async def archive_patient(
        self, db: Db, principal: Caller, audit: Audit, patient_id: FromPath[uuid.UUID]
    ) -> PatientOut:
        """Archive, not erase: clinical records must be retained, so the patient only leaves the lists."""
        row = await services.archive_patient(db, principal, patient_id)
        await audit.record("patient.archive", "patient", row.id)
        return PatientOut.of(row)
