"""One error shape for every failure, and the handlers that produce it.

Bodies are ``{"status_code", "detail", "errors": [{"field", "message", "source"}]}``. No stack trace or
database message ever reaches a client, and the log line for an unexpected error names the exception type and
route only — never request bodies, which may hold patient text.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from sqlalchemy.exc import IntegrityError

from echo_notes.domain.auth.services import EmailTaken, LoginThrottled
from echo_notes.extraction import UnsupportedFile

log = logging.getLogger("echo_notes.errors")


class NotFound(Exception):
    """The id does not exist *for this clinic* — the same answer whether it exists elsewhere or not."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} not found")
        self.what = what


class InvalidField(Exception):
    """A body that is well-formed but violates a rule the schema cannot express (e.g. a future birth date)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the file is larger than the {limit // (1024 * 1024)} MB limit")


class StorageUnavailable(Exception):
    """Object storage failed; nothing was saved."""


class QueueUnavailable(Exception):
    """The job queue could not take a job; the job is marked failed, nothing else changed."""


class Conflict(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def error_body(status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"status_code": status, "detail": detail, "errors": errors or []}


def _json(
    status: int,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    return Response(
        error_body(status, detail, errors), status_code=status, media_type=MediaType.JSON, headers=headers
    )


_NAMED_FIELD = re.compile(r"field `([^`]+)`")


def _field_errors(extra: Any) -> list[dict[str, Any]]:
    """Litestar's validation details, with the field named even when the problem is the body as a whole
    (a missing or unknown field is reported against ``data`` with the field's name only in the message)."""
    items = extra if isinstance(extra, list) else [extra] if extra else []
    errors = []
    for item in items:
        if not isinstance(item, dict):
            continue
        field, message = item.get("key"), str(item.get("message") or "")
        named = _NAMED_FIELD.search(message)
        if field in (None, "data") and named:
            field = named.group(1)
        errors.append({"field": field, "message": message, "source": item.get("source")})
    return errors


def handle_validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[dict[str, Any]]:
    return _json(HTTP_400_BAD_REQUEST, "the request is invalid", _field_errors(exc.extra))


def handle_http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    return _json(exc.status_code, exc.detail, _field_errors(exc.extra), headers=exc.headers)


def handle_not_found(_: Request[Any, Any, Any], exc: NotFound) -> Response[dict[str, Any]]:
    return _json(HTTP_404_NOT_FOUND, str(exc))


def handle_invalid_field(_: Request[Any, Any, Any], exc: InvalidField) -> Response[dict[str, Any]]:
    return _json(
        HTTP_400_BAD_REQUEST,
        "the request is invalid",
        [{"field": exc.field, "message": exc.message, "source": "body"}],
    )


def handle_conflict(_: Request[Any, Any, Any], exc: Conflict) -> Response[dict[str, Any]]:
    errors = [{"field": exc.field, "message": exc.message, "source": "body"}] if exc.field else None
    return _json(HTTP_409_CONFLICT, exc.message, errors)


def handle_email_taken(_: Request[Any, Any, Any], __: EmailTaken) -> Response[dict[str, Any]]:
    return _json(
        HTTP_409_CONFLICT,
        "an account with this e-mail already exists",
        [{"field": "email", "message": "already registered", "source": "body"}],
    )


def handle_throttled(_: Request[Any, Any, Any], exc: LoginThrottled) -> Response[dict[str, Any]]:
    return _json(
        HTTP_429_TOO_MANY_REQUESTS,
        "too many failed logins; try again later",
        headers={"Retry-After": str(exc.retry_after_s)},
    )


def handle_too_large(_: Request[Any, Any, Any], exc: TooLarge) -> Response[dict[str, Any]]:
    return _json(
        HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        str(exc),
        [{"field": "file", "message": str(exc), "source": "body"}],
    )


def handle_unsupported(_: Request[Any, Any, Any], exc: UnsupportedFile) -> Response[dict[str, Any]]:
    return _json(
        HTTP_415_UNSUPPORTED_MEDIA_TYPE, str(exc), [{"field": "file", "message": str(exc), "source": "body"}]
    )


def handle_storage(_: Request[Any, Any, Any], __: StorageUnavailable) -> Response[dict[str, Any]]:
    return _json(
        HTTP_503_SERVICE_UNAVAILABLE,
        "document storage is unavailable; nothing was saved, try again",
        headers={"Retry-After": "30"},
    )


def handle_queue(_: Request[Any, Any, Any], __: QueueUnavailable) -> Response[dict[str, Any]]:
    return _json(
        HTTP_503_SERVICE_UNAVAILABLE,
        "the job queue is unavailable; no note is being written, try again",
        headers={"Retry-After": "30"},
    )


def handle_integrity(request: Request[Any, Any, Any], exc: IntegrityError) -> Response[dict[str, Any]]:
    constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", None)
    log.info(
        "integrity conflict on %s %s (%s)", request.method, request.scope.get("path_template"), constraint
    )
    return _json(HTTP_409_CONFLICT, "the change conflicts with existing data")


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.scope.get("path_template"))
    return _json(HTTP_500_INTERNAL_SERVER_ERROR, "internal error")


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    ValidationException: handle_validation,
    HTTPException: handle_http,
    NotFound: handle_not_found,
    InvalidField: handle_invalid_field,
    Conflict: handle_conflict,
    EmailTaken: handle_email_taken,
    LoginThrottled: handle_throttled,
    TooLarge: handle_too_large,
    UnsupportedFile: handle_unsupported,
    StorageUnavailable: handle_storage,
    QueueUnavailable: handle_queue,
    IntegrityError: handle_integrity,
    Exception: handle_unexpected,
}
