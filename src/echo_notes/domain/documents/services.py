"""Ingest, extract and delete documents without ever losing or orphaning anything.

Order of work, and why:
1. The type is decided from the bytes and the size checked before anything is written.
2. The original is written to storage, then its row (``pending``) and audit row commit in one transaction.
   If that transaction fails, the object is deleted again: no orphan objects.
3. Extraction runs after that commit, in its own transactions
   (``processing`` → ``done | failed | needs_ocr``).
   A failed or crashed extraction only changes the status; the original and its row are kept, and
   ``POST /documents/{id}/process`` runs it again.
4. A delete removes the row (with its audit row) first and the object after the commit, so a failed
   delete never leaves a row pointing at nothing.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

import anyio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from echo_notes.db.engine import tenant_transaction
from echo_notes.db.models import ProcessingStatus, UploadedDocument
from echo_notes.db.pagination import page
from echo_notes.domain.audit.services import AuditContext, AuditTrail
from echo_notes.domain.auth.principal import Principal
from echo_notes.domain.documents.filenames import safe_filename
from echo_notes.domain.documents.schemas import DocumentType
from echo_notes.domain.errors import InvalidField, NotFound, StorageUnavailable, TooLarge
from echo_notes.domain.patients.services import get_patient
from echo_notes.domain.visits.services import get_session
from echo_notes.extraction import DocumentKind, Extraction, ExtractionLimits, extract_isolated, sniff
from echo_notes.storage import ObjectStorage, StorageError, document_key

log = logging.getLogger(__name__)

_KIND_BY_MIME = {kind.mime: kind for kind in DocumentKind}


@dataclass
class DocumentContext:
    """Everything one request needs to work on documents outside the per-request transaction."""

    sessionmaker: async_sessionmaker[AsyncSession]
    storage: ObjectStorage
    limits: ExtractionLimits
    max_upload_bytes: int
    slots: anyio.Semaphore
    """Caps concurrent extractions at the number of cores."""
    principal: Principal
    audit: AuditContext

    def transaction(self) -> AbstractAsyncContextManager[AsyncSession]:
        return tenant_transaction(self.sessionmaker, self.principal.clinic_id)

    def trail(self, db: AsyncSession) -> AuditTrail:
        return AuditTrail(db, self.audit)


async def get_document(db: AsyncSession, principal: Principal, document_id: uuid.UUID) -> UploadedDocument:
    row = await db.scalar(
        select(UploadedDocument).where(
            UploadedDocument.id == document_id, UploadedDocument.clinic_id == principal.clinic_id
        )
    )
    if row is None:
        raise NotFound("document")
    return row


async def list_documents(
    db: AsyncSession,
    principal: Principal,
    session_id: uuid.UUID | None,
    patient_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> tuple[list[UploadedDocument], int]:
    if session_id is None and patient_id is None:
        raise InvalidField("session_id", "give session_id or patient_id")
    scope = [UploadedDocument.clinic_id == principal.clinic_id]
    if session_id is not None:
        await get_session(db, principal, session_id)  # 404 for ids outside the clinic, as everywhere
        scope.append(UploadedDocument.session_id == session_id)
    if patient_id is not None:
        await get_patient(db, principal, patient_id)
        scope.append(UploadedDocument.patient_id == patient_id)
    query = select(UploadedDocument).where(*scope)
    return await page(
        db, query, UploadedDocument.created_at.desc(), UploadedDocument.id, limit=limit, offset=offset
    )


async def ingest(
    ctx: DocumentContext,
    session_id: uuid.UUID,
    filename: str | None,
    content: bytes,
    document_type: DocumentType,
    source: str,
) -> UploadedDocument:
    """Store an original and its row, then extract its text. Raises before writing on bad input."""
    if len(content) > ctx.max_upload_bytes:
        raise TooLarge(ctx.max_upload_bytes)
    if not content:
        raise InvalidField("file", "the file is empty")
    kind = sniff(content)
    document_id = uuid.uuid4()
    key = document_key(ctx.principal.clinic_id, document_id)
    try:
        await anyio.to_thread.run_sync(ctx.storage.put, key, content, kind.mime)
    except StorageError as exc:
        log.error("document storage write failed: %s", exc)
        raise StorageUnavailable from exc
    try:
        async with ctx.transaction() as db:
            visit = await get_session(db, ctx.principal, session_id)
            db.add(
                UploadedDocument(
                    id=document_id,
                    clinic_id=ctx.principal.clinic_id,
                    session_id=visit.id,
                    patient_id=visit.patient_id,
                    uploaded_by=ctx.principal.professional_id,
                    filename=safe_filename(filename, kind.extension),
                    content_type=kind.mime,
                    size_bytes=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    storage_key=key,
                    processing_status=ProcessingStatus.pending,
                    document_type=document_type.value,
                    source=source,
                )
            )
            await db.flush()
            await ctx.trail(db).record(
                "document.upload",
                "document",
                document_id,
                session_id=str(visit.id),
                kind=kind.value,
                size_bytes=len(content),
            )
    except BaseException:
        with anyio.CancelScope(shield=True):
            await _delete_object(ctx.storage, key)
        raise
    return await process(ctx, document_id)


async def process(ctx: DocumentContext, document_id: uuid.UUID) -> UploadedDocument:
    """(Re-)extract a document's text; the outcome is always a status on the row, never an exception."""
    async with ctx.transaction() as db:
        row = await get_document(db, ctx.principal, document_id)
        row.processing_status = ProcessingStatus.processing
        key, kind = row.storage_key, _KIND_BY_MIME.get(row.content_type, DocumentKind.text)
    try:
        data = await anyio.to_thread.run_sync(ctx.storage.get, key)
    except StorageError as exc:
        log.error("document storage read failed: %s", exc)
        result = Extraction.failed("the stored original could not be read; try again later", "storage")
    else:
        async with ctx.slots:
            result = await anyio.to_thread.run_sync(extract_isolated, data, kind, ctx.limits)
    async with ctx.transaction() as db:
        row = await get_document(db, ctx.principal, document_id)
        row.processing_status = ProcessingStatus(result.status)
        row.extracted_text = result.text
        row.page_count = result.page_count
        row.processing_error = result.error
        row.extractor = result.extractor
        await db.flush()
        await ctx.trail(db).record(
            "document.extract",
            "document",
            document_id,
            status=result.status,
            chars=len(result.text or ""),
        )
        await db.refresh(row)
    return row


async def delete_document(ctx: DocumentContext, document_id: uuid.UUID) -> None:
    async with ctx.transaction() as db:
        row = await get_document(db, ctx.principal, document_id)
        key = row.storage_key
        await db.delete(row)
        await db.flush()
        await ctx.trail(db).record("document.delete", "document", document_id, session_id=str(row.session_id))
    await _delete_object(ctx.storage, key)


async def _delete_object(storage: ObjectStorage, key: str) -> None:
    try:
        await anyio.to_thread.run_sync(storage.delete, key)
    except StorageError as exc:
        # The row is already gone; the key (ids only, no patient data) is logged for the operator.
        log.error("could not delete stored object %s: %s", key, exc)
