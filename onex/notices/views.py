from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from onex.core.access import page, page_allowed
from onex.core.pages import staff_render
from onex.core.roles import Role
from onex.core.scoping import get_object_for_user
from onex.notices import selectors
from onex.notices.forms import NoticeForm
from onex.notices.services import notice_mark_read, notice_publish

READERS_OF_ALL = (Role.OFFICE, Role.LEADER, Role.PROVINCE, Role.COORDINATOR, Role.FINANCE)
AUTHORS = (Role.OFFICE, Role.COORDINATOR)


@page
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = selectors.notices_for_staff(request.user)[:200]
    can_publish = page_allowed(request.user, "notices:create")
    return staff_render(request, "notices/list.html", {"notices": notices, "can_publish": can_publish})


@page
def notice_create(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            notice = notice_publish(actor=request.user, request=request, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The notice was published."))
            return redirect("notices:detail", pk=notice.pk)
    return staff_render(request, "notices/form.html", {"form": form})


@page
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_for_user(selectors.notices_with_reach(), request.user, pk=pk)
    return staff_render(request, "notices/detail.html", {"notice": notice})


@page
def my_notices(request: HttpRequest) -> HttpResponse:
    receipts = selectors.notices_for_reader(request.user)[:100]
    return render(request, "notices/mine.html", {"receipts": receipts})


@page
def my_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """A notice addressed to this person; they confirm reading it (签收) with the page's button."""
    receipt = selectors.receipt_for_reader(request.user, notice_id=pk)
    if receipt is None:  # only notices addressed to this person; anything else is a 404
        raise Http404
    if request.method == "POST":
        notice_mark_read(notice=receipt.notice, user=request.user)
        return redirect("notices:read", pk=pk)
    return render(request, "notices/read.html", {"notice": receipt.notice, "receipt": receipt})
