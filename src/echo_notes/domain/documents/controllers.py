"""The /documents endpoints."""

from __future__ import annotations

import uuid
from typing import Any, TypeAlias

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, MultipartBody
from litestar.response import Redirect, Stream
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT, HTTP_307_TEMPORARY_REDIRECT

from echo_notes.domain.auth.guards import clinicians
from echo_notes.domain.dependencies import Audit, Caller, Db, audit_context
from echo_notes.domain.documents import services
from echo_notes.domain.documents.filenames import content_disposition
from echo_notes.domain.documents.schemas import DocumentOut, DocumentSummary, PasteRequest, UploadForm
from echo_notes.domain.documents.services import DocumentContext
from echo_notes.domain.errors import StorageUnavailable
from echo_notes.domain.schemas import Page, PageLimit, PageOffset
from echo_notes.storage import StorageError


async def provide_documents(
    request: Request[Any, Any, Any], state: State, principal: Caller
) -> DocumentContext:
    return DocumentContext(
        sessionmaker=state.sessionmaker,
        storage=state.storage,
        limits=state.extraction_limits,
        max_upload_bytes=state.settings.documents.max_upload_bytes,
        slots=state.extraction_slots,
        principal=principal,
        audit=audit_context(request, principal),
    )


Documents: TypeAlias = NamedDependency[DocumentContext]


class DocumentController(Controller):
    path = "/documents"
    tags = ["documents"]
    dependencies = {"documents": Provide(provide_documents)}

    @post("/upload", status_code=HTTP_201_CREATED)
    async def upload(self, documents: Documents, data: MultipartBody[UploadForm]) -> DocumentOut:
        """Attach a file to a visit. The type is read from the content (PDF, DOCX, text, PNG, JPEG); the
        text is extracted before the response, whose ``processing_status`` says how that went."""
        content = await data.file.read()
        row = await services.ingest(
            documents, data.session_id, data.file.filename, content, data.document_type, "upload"
        )
        return DocumentOut.of(row)

    @post("/text", status_code=HTTP_201_CREATED)
    async def paste(self, documents: Documents, data: JSONBody[PasteRequest]) -> DocumentOut:
        """Add pasted text (a transcript, typed notes) as a document of the visit."""
        row = await services.ingest(
            documents,
            data.session_id,
            f"{data.title or 'pasted-text'}.txt",
            data.text.encode("utf-8"),
            data.document_type,
            "pasted",
        )
        return DocumentOut.of(row)

    @get("/")
    async def list_documents(
        self,
        db: Db,
        principal: Caller,
        audit: Audit,
        session_id: FromQuery[uuid.UUID | None] = None,
        patient_id: FromQuery[uuid.UUID | None] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> Page[DocumentSummary]:
        """Documents of a visit (``session_id``) or of a patient (``patient_id``), newest first."""
        rows, total = await services.list_documents(db, principal, session_id, patient_id, limit, offset)
        await audit.record(
            "document.list", "session" if session_id else "patient", session_id or patient_id, count=len(rows)
        )
        return Page([DocumentSummary.of(r) for r in rows], total, limit, offset)

    @get("/{document_id:uuid}")
    async def get_document(
        self, db: Db, principal: Caller, audit: Audit, document_id: FromPath[uuid.UUID]
    ) -> DocumentOut:
        row = await services.get_document(db, principal, document_id)
        await audit.record("document.read", "document", row.id)
        return DocumentOut.of(row)

    @get("/{document_id:uuid}/download")
    async def download(
        self, state: State, db: Db, principal: Caller, audit: Audit, document_id: FromPath[uuid.UUID]
    ) -> Response[Any]:
        """The original file: streamed from local storage, or a short-lived presigned URL on S3."""
        row = await services.get_document(db, principal, document_id)
        await audit.record("document.download", "document", row.id)
        url = state.storage.presigned_url(row.storage_key, row.filename, row.content_type)
        if url is not None:
            return Redirect(url, status_code=HTTP_307_TEMPORARY_REDIRECT)
        try:
            chunks = state.storage.stream(row.storage_key)
        except StorageError as exc:  # a missing original included
            raise StorageUnavailable from exc
        return Stream(
            chunks,
            media_type=row.content_type,
            headers={
                "Content-Disposition": content_disposition(row.filename),
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-store",
            },
        )

    @post("/{document_id:uuid}/process", status_code=200)
    async def reprocess(self, documents: Documents, document_id: FromPath[uuid.UUID]) -> DocumentOut:
        """Run text extraction again (after a failure, or with newer extractors)."""
        return DocumentOut.of(await services.process(documents, document_id))

    @delete("/{document_id:uuid}", guards=[clinicians], status_code=HTTP_204_NO_CONTENT)
    async def delete_document(self, documents: Documents, document_id: FromPath[uuid.UUID]) -> None:
        await services.delete_document(documents, document_id)
