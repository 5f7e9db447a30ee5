from rest_framework.pagination import LimitOffsetPagination


class ApiPagination(LimitOffsetPagination):
    """``?limit=&offset=``; a page holds at most ``max_limit`` rows."""

    default_limit = 50
    max_limit = 500
