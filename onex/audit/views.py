import io

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.models import AuditEvent
from onex.core.access import admin_may, page
from onex.core.roles import Role
from onex.core.scoping import get_object_for_user, scope_queryset
from onex.core.spreadsheets import WorkbookWriter

READERS = (Role.OFFICE, Role.LEADER, Role.PROVINCE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@page
def export(request: HttpRequest) -> HttpResponse:
    """The audit trail of the user's institution (or province) for a year, as xlsx."""
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() else timezone.localdate().year
    events = (
        scope_queryset(AuditEvent.objects.all(), request.user)
        .filter(at__year=year)
        .select_related("institution")
        .order_by("at", "id")
    )
    buffer = io.BytesIO()
    writer = WorkbookWriter(buffer, sheet_name=_("Audit trail"))
    headers = [
        _("time"),
        _("institution"),
        _("actor"),
        _("action"),
        _("object type"),
        _("object id"),
        _("object"),
        _("reason"),
        _("address"),
        _("before"),
        _("after"),
    ]
    writer.header_row(headers, text_columns=(5, 8))
    for e in events.iterator(chunk_size=2000):
        writer.write_row(
            [
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.institution.name if e.institution else "",
                e.actor_name,
                e.action,
                e.target_type,
                e.target_id,
                e.target_repr,
                e.reason,
                e.ip_address or "",
                "" if e.before is None else str(e.before),
                "" if e.after is None else str(e.after),
            ]
        )
    writer.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="audit-{year}.xlsx"'
    return response


@page
def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """The admin's 在站点上查看 shortcut, limited to the rows the user may see.

    Django's own shortcut looks the object up unscoped and redirects to it, which
    tells anyone with a login that a row of another institution exists. Here every
    refusal (unknown type, no admin view right, out of scope, missing, malformed
    id, no page) is the same bare 404.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model is None or not admin_may(request.user, model, "v"):
        raise Http404
    obj = get_object_for_user(model._default_manager.all(), request.user, pk=unquote(object_id))
    if not hasattr(obj, "get_absolute_url"):
        raise Http404
    return redirect(obj.get_absolute_url())
