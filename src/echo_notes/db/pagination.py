"""Paged list queries: one page of rows and the total count under the same filters."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


async def page(
    session: AsyncSession, query: Select[T], *order_by: Any, limit: int, offset: int
) -> tuple[list[T], int]:
    """Rows ``offset`` to ``offset + limit`` of ``query`` in ``order_by`` order, and how many there are."""
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(query.order_by(*order_by).limit(limit).offset(offset))
    return list(rows), int(total or 0)
