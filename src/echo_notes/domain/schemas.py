"""Schema pieces shared by several slices: validated string types and the pagination envelope."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

import msgspec
from litestar.params import QueryParameter

T = TypeVar("T")

Email = Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=320)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"\S")]
LongName = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"\S")]
Password = Annotated[str, msgspec.Meta(min_length=12, max_length=256)]
AnyPassword = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
"""A login attempt: no strength rule, so old accounts can still log in after a policy change."""
Phone = Annotated[str, msgspec.Meta(max_length=40, pattern=r"^[0-9+() .\-]{3,40}$")]
ShortText = Annotated[str, msgspec.Meta(max_length=64)]
LongText = Annotated[str, msgspec.Meta(max_length=200_000)]

PageLimit = Annotated[int, QueryParameter(ge=1, le=200, description="page size")]
PageOffset = Annotated[int, QueryParameter(ge=0, description="rows to skip")]


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
