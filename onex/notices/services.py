"""Publishing notices (宣传) and recording that people read them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.services import audit_record, snapshot
from onex.core.access import may, require
from onex.notices.audience import audience_users
from onex.notices.models import Audience, Notice, NoticeReceipt

if TYPE_CHECKING:
    from onex.accounts.models import User


def _check_author(actor: User | None, *, audience: str, department: Any) -> None:
    require(actor, "notice.publish")
    if may(actor, "notice.publish_all"):
        return
    if audience != Audience.DEPARTMENT or department is None or not may(actor, "notice.publish", department):
        require(actor, "notice.publish_all")  # refuses, saying a department publishes only to itself


@transaction.atomic
def notice_publish(
    *,
    actor: User,
    title: str,
    body: str,
    audience: str,
    department: Any = None,
    pilot: Any = None,
    request: Any = None,
) -> Notice:
    """Publish a notice and give each member of its audience an unread receipt."""
    _check_author(actor, audience=audience, department=department)
    if actor.institution_id is None:  # the office and coordinators publish for their institution
        raise ValidationError(_("Choose a department or pilot of your own institution."))
    for obj in (department, pilot):
        if obj is not None and getattr(obj, "institution_id", None) != actor.institution_id:
            raise ValidationError(_("Choose a department or pilot of your own institution."))
    notice = Notice(
        institution_id=actor.institution_id,
        title=title.strip(),
        body=body.strip(),
        audience=audience,
        department=department if audience == Audience.DEPARTMENT else None,
        pilot=pilot if audience == Audience.PILOT else None,
        published_at=timezone.now(),
        author=actor,
    )
    notice.full_clean()
    notice.save()
    user_ids = list(audience_users(notice).values_list("pk", flat=True))
    NoticeReceipt.objects.bulk_create([NoticeReceipt(notice=notice, user_id=uid) for uid in user_ids])
    audit_record(actor=actor, action="notice.publish", target=notice, after=snapshot(notice), request=request)
    return notice


@transaction.atomic
def notice_mark_read(*, notice: Notice, user: User) -> NoticeReceipt | None:
    """Record the first time a member of the audience opens a notice."""
    receipt = NoticeReceipt.objects.select_for_update().filter(notice=notice, user=user).first()
    if receipt is not None and receipt.read_at is None:
        receipt.read_at = timezone.now()
        receipt.save(update_fields=["read_at"])
    return receipt
