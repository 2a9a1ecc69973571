"""The list envelope every list endpoint returns, and its query parameters."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

T = TypeVar("T")

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50


class ApiModel(BaseModel):
    """Base of every request and response model: camelCase in JSON, snake_case in Python."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, from_attributes=True, extra="forbid"
    )


class Page(ApiModel, Generic[T]):
    """One page of a list, with the total so clients can page through it."""

    items: list[T] = Field(description="The records on this page.")
    page: int = Field(description="This page's number, from 1.", examples=[1])
    page_size: int = Field(description="Records per page.", examples=[DEFAULT_PAGE_SIZE])
    total: int = Field(description="Records matching the filter, over all pages.", examples=[1])


class PageParams(ApiModel):
    """Query parameters of a paged list; the page size is capped, never refused."""

    page: int = Field(default=1, ge=1, le=1_000_000, strict=True)
    page_size: int = Field(default=DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, strict=True)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


async def page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="Page number, from 1.")] = 1,
    page_size: Annotated[
        int,
        Query(alias="pageSize", ge=1, description=f"Records per page (at most {MAX_PAGE_SIZE})."),
    ] = DEFAULT_PAGE_SIZE,
) -> PageParams:
    return PageParams(page=page, page_size=min(page_size, MAX_PAGE_SIZE))
