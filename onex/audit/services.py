"""The audit trail. Services call ``audit_record`` inside their own transaction."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.http import HttpRequest

from onex.audit.models import AuditEvent

if TYPE_CHECKING:
    from onex.accounts.models import User

# Never copied into the trail: the trail must not become a second copy of the secrets.
_SECRET_FIELDS = {"id_number_cipher", "id_number_hash", "password"}


def snapshot(obj: Model | None, fields: list[str] | None = None) -> dict[str, Any] | None:
    """A JSON-safe picture of a row for the trail."""
    if obj is None:
        return None
    data = model_to_dict(obj, fields=fields)
    for name in list(data):
        if name in _SECRET_FIELDS:
            del data[name]
        elif isinstance(data[name], list):
            data[name] = [getattr(v, "pk", v) for v in data[name]]
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def audited_save(
    obj: Model,
    *,
    action: str,
    actor: User | None,
    before: dict[str, Any] | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
    update_fields: list[str] | None = None,
    institution_id: int | None = None,
    fields: list[str] | None = None,
) -> AuditEvent:
    """Validate and save a row, and record it in the trail as it was and as it is now.

    The end of most write services; call it inside the service's transaction. ``fields``
    limits what the trail keeps of the row (by default every field).
    """
    obj.full_clean()
    obj.save(update_fields=update_fields)
    return audit_record(
        actor=actor,
        action=action,
        target=obj,
        before=before,
        after=snapshot(obj, fields),
        reason=reason,
        request=request,
        institution_id=institution_id,
    )


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind a reverse proxy the address is set by the proxy (see README).
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
    institution_id: int | None = None,
) -> AuditEvent:
    if institution_id is None:
        institution_id = _institution_of(target)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        actor=actor_obj,
        actor_name=getattr(actor_obj, "username", "") or "system",
        institution_id=institution_id,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk or ""),
        target_repr=str(target)[:200],
        before=before,
        after=after,
        reason=reason,
        ip_address=client_address(request),
    )
    event.full_clean()
    event.save()
    return event


def _institution_of(target: Model) -> int | None:
    path = getattr(type(target), "scope_institution", None)
    if not path or path == "shared":
        return None
    if path == "self":
        return target.pk
    obj: Any = target
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj.pk


@transaction.atomic
def admin_object_delete(*, obj: Model, actor: User | None, request: HttpRequest) -> None:
    """Delete one row through the back office, leaving a trace in the audit trail."""
    before = snapshot(obj)
    audit_record(actor=actor, action=f"{obj._meta.model_name}.admin_delete", target=obj, before=before, request=request)
    obj.delete()
