"""Demo notices (演示): published in 2023 to the audiences the office uses, some already read."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from onex.accounts.models import User
from onex.core.roles import Role
from onex.notices.models import Audience, Notice, NoticeReceipt
from onex.notices.services import notice_publish
from onex.org.models import Institution
from onex.pilots.models import Pilot

_SHANGHAI = ZoneInfo("Asia/Shanghai")

NOTICES = (
    (
        "（演示）2023年1+X证书试点报名通知",
        Audience.EVERYONE,
        dt.datetime(2023, 3, 1, 9, 0),
        "本年度试点证书已公布，请各系部组织学生于3月15日前完成报名。",
    ),
    (
        "（演示）1+X证书考核安排",
        Audience.PILOT,
        dt.datetime(2023, 10, 20, 9, 0),
        "考核时间、考场与座位请在“我的证书”页面查看，并按时参加考核。",
    ),
    (
        "（演示）考评员师资培训报名",
        Audience.TEACHERS,
        dt.datetime(2023, 5, 8, 9, 0),
        "培训评价组织将举办考评员培训，有意参加的教师请向系部报名。",
    ),
)


def load(institution: Institution) -> None:
    office = User.objects.filter(institution=institution, role=Role.OFFICE).order_by("pk").first()
    if office is None:
        return
    pilot = Pilot.objects.filter(institution=institution, year=2023).order_by("pk").first()
    for title, audience, published, body in NOTICES:
        if Notice.objects.filter(institution=institution, title=title).exists():
            continue
        if audience == Audience.PILOT and pilot is None:
            continue
        notice = notice_publish(
            actor=office, title=title, body=body, audience=audience, pilot=pilot if audience == Audience.PILOT else None
        )
        at = published.replace(tzinfo=_SHANGHAI)
        Notice.objects.filter(pk=notice.pk).update(published_at=at)
        # Most of the audience has opened it a day later.
        receipts = list(NoticeReceipt.objects.filter(notice=notice).order_by("pk"))
        read = [r.pk for i, r in enumerate(receipts) if i % 4 != 3]
        NoticeReceipt.objects.filter(pk__in=read).update(read_at=at + dt.timedelta(days=1))
