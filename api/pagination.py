from rest_framework.pagination import CursorPagination


class PublicCursorPagination(CursorPagination):
    """Stable pages however rows are added meanwhile; `page_size` up to 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("slug",)
