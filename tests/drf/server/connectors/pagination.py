from rest_framework.pagination import PageNumberPagination


class PageSizePagination(PageNumberPagination):
    """`?page_size=N&page=K`, answered as {count, next, previous, results}."""

    page_size_query_param = "page_size"
    max_page_size = 1000
