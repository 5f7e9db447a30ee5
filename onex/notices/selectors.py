from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from onex.core.scoping import scope_queryset
from onex.notices.models import Notice, NoticeReceipt

if TYPE_CHECKING:
    from onex.accounts.models import User


def notices_with_reach(qs: QuerySet[Notice] | None = None) -> QuerySet[Notice]:
    """Notices with how many people they reached and how many read them (one query)."""
    qs = qs if qs is not None else Notice.objects.all()
    return qs.select_related("department", "pilot__certificate", "author").annotate(
        reached=Count("noticereceipt"),
        read=Count("noticereceipt", filter=Q(noticereceipt__read_at__isnull=False)),
    )


def notices_for_staff(user: User) -> QuerySet[Notice]:
    return notices_with_reach(scope_queryset(Notice.objects.all(), user)).order_by("-published_at", "-id")


def notices_for_reader(user: User) -> QuerySet[NoticeReceipt]:
    """The notices addressed to one person, newest first."""
    return (
        NoticeReceipt.objects.filter(user=user, notice__published_at__isnull=False)
        .select_related("notice")
        .order_by("-notice__published_at")
    )


def receipt_for_reader(user: User, *, notice_id: int) -> NoticeReceipt | None:
    return notices_for_reader(user).filter(notice_id=notice_id).first()


def publicity_figures(*, institution_id: int, year: int) -> dict[str, int]:
    """For the report's publicity section: notices published in a year, people reached, reads."""
    agg = NoticeReceipt.objects.filter(
        notice__institution_id=institution_id, notice__published_at__year=year
    ).aggregate(reached=Count("id"), read=Count("id", filter=Q(read_at__isnull=False)))
    notices = Notice.objects.filter(institution_id=institution_id, published_at__year=year).count()
    return {"notices": notices, "reached": agg["reached"], "read": agg["read"]}
