"""Shared API plumbing: pagination and status codes as DESIGN.md §7 promises them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connections
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import Conflict


class Pagination(PageNumberPagination):
    """{"count","next","previous","results"}; ?page and ?page_size up to 1000.

    A larger page_size is cut to 1000 rather than refused, so a client asking for
    "everything" gets the most we serve and follows "next" for the rest.
    """

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = _("Results per page: 50 unless given, at most 1000.")
    max_page_size = 1000
    # DRF's own "Invalid page." has no Indonesian; read with str.format.
    invalid_page_message = _("There is no page {page_number}.")


class IdsFirstPaginator(DjangoPaginator):
    """Reads a page's ids first, then the page's rows, in one statement.

    The page becomes ``WHERE pk IN (the list's ids, filtered and ordered, LIMIT
    OFFSET)``: the inner query selects only the key, so the database can walk an
    index in the list's order and skip OFFSET index entries, rather than join,
    read and sort every matching row to throw all but one page away; the joins
    and columns (select_related) are then read for the page's rows alone. The
    outer query keeps the list's filters and ordering, so it returns the same rows
    in the same order as slicing the list would, and still one query.
    """

    def _get_page(self, rows, number, paginator):
        if isinstance(rows, QuerySet) and _slices_in_subqueries(rows):
            rows = self.object_list.filter(pk__in=rows.values("pk"))
        return super()._get_page(rows, number, paginator)


def _slices_in_subqueries(rows: QuerySet) -> bool:
    # PostgreSQL and SQLite take LIMIT inside IN (...); MySQL does not.
    return connections[rows.db].features.allow_sliced_subqueries_with_in


class IdsFirstPagination(Pagination):
    """Pagination for long lists ordered by indexed columns (posts/): same links,
    same counts and the same pages as ``Pagination``, cheaper deep pages."""

    django_paginator_class = IdsFirstPaginator


def exception_handler(exc, context):
    """DRF's handler, plus the project's errors: a model ValidationError is a 400
    naming each field, a Conflict (wrong state, stale version) is a 409."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = ValidationError(detail)
    elif isinstance(exc, Conflict):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)


class FileLinksMixin:
    """``url`` and ``thumbnail_url`` of a stored upload, served by scope-checking routes.

    A serializer sets ``file_route`` and ``thumbnail_route`` (URL names) and
    ``link_kwargs(obj)`` (the route's arguments); links are absolute when the
    request is known.
    """

    file_route: str
    thumbnail_route: str

    def link_kwargs(self, obj) -> dict:
        raise NotImplementedError

    def _link(self, obj, name: str) -> str:
        link = reverse(name, kwargs=self.link_kwargs(obj))
        request = self.context.get("request")
        return request.build_absolute_uri(link) if request else link

    def get_url(self, obj) -> str:
        return self._link(obj, self.file_route)

    def get_thumbnail_url(self, obj) -> str | None:
        return self._link(obj, self.thumbnail_route) if obj.thumbnail else None
