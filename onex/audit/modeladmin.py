"""The back office (后台): a ModelAdmin that scopes, audits and asks the one access policy.

Who may view, add, change or delete each model is ``onex.core.access.ADMIN_POLICY``;
which rows, ``onex.core.scoping.scope_queryset``.

``ScopedModelAdmin`` applies both: querysets, form choices, list filters and
list actions go through the scoping; an id outside the scope answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy
from unfold.admin import ModelAdmin
from unfold.paginator import InfinitePaginator

from onex.audit.services import admin_object_delete, audit_record, snapshot
from onex.core.access import admin_may, allowed_actions
from onex.core.pinyin import pinyin_key
from onex.core.scoping import scope_queryset


def may_view(request: HttpRequest, label: str) -> bool:
    return admin_may(request.user, label, "v")


def __getattr__(name: str) -> Callable[[HttpRequest], bool]:
    """``may_view_<app>_<model>``: sidebar permission callbacks for the UNFOLD settings."""
    prefix = "may_view_"
    if name.startswith(prefix):
        app_label, _sep, model_name = name[len(prefix) :].partition("_")
        if app_label and model_name:
            label = f"{app_label}.{model_name}"
            return lambda request: may_view(request, label)
    raise AttributeError(name)


def scoped_choices(model: type[Model], request: HttpRequest) -> QuerySet:
    return scope_queryset(model._default_manager.all(), request.user)


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter whose choices are only the related rows the user may see."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list[tuple[Any, str]]:
        qs = scoped_choices(field.related_model, request)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            qs = qs.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in qs]


def _admin_change(
    *, obj: Model, actor: Any, request: HttpRequest, before: dict[str, Any] | None, created: bool
) -> None:
    action = "create" if created else "update"
    audit_record(
        actor=actor,
        action=f"{obj._meta.model_name}.admin_{action}",
        target=obj,
        before=before,
        after=snapshot(obj),
        request=request,
    )


class ScopedModelAdmin(ModelAdmin):
    """An unfold ModelAdmin limited to the request user's rows and the role policy.

    - rows: ``get_queryset`` goes through ``scope_queryset`` (so do list actions,
      object views, autocomplete and the history page);
    - form choices and list-filter choices: the related model's scoped rows;
    - an object id outside the scope: 404, never the admin's redirect;
    - permissions: ``POLICY``; every write is recorded in the audit trail.
    """

    list_per_page = 50
    show_full_result_count = False

    # -- rows ------------------------------------------------------------------
    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_queryset(super().get_queryset(request), request.user)

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> Any:
        raise Http404(f"{opts.label_lower} {unquote(object_id)!r}")

    # -- permissions -----------------------------------------------------------
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(allowed_actions(request.user, self.model))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_may(request.user, self.model, "v")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_may(request.user, self.model, "a")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_may(request.user, self.model, "c")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_may(request.user, self.model, "d")

    # -- choices ---------------------------------------------------------------
    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = self._scoped_related(db_field, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = self._scoped_related(db_field, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scoped_related(self, db_field: Any, request: HttpRequest) -> QuerySet:
        qs = scoped_choices(db_field.related_model, request)
        related_admin = self.admin_site._registry.get(db_field.related_model)
        ordering = related_admin.get_ordering(request) if related_admin is not None else ()
        return qs.order_by(*ordering) if ordering else qs

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and get_fields_from_path(self.model, item)[-1].is_relation:
                item = (item, ScopedRelatedFieldListFilter)
            filters.append(item)
        return filters

    # -- writes ----------------------------------------------------------------
    def prepare_object(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Fill derived columns before saving (pinyin sort keys, denormalised institution)."""
        if hasattr(obj, "name_pinyin") and hasattr(obj, "name"):
            obj.name_pinyin = pinyin_key(obj.name or "")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        form._onex_before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change and obj.pk else None
        self.prepare_object(request, obj, form, change)
        obj.full_clean()
        obj.save()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if getattr(form, "_onex_audited", False):
            return
        _admin_change(
            obj=form.instance,
            actor=request.user,
            request=request,
            before=getattr(form, "_onex_before", None),
            created=not change,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        admin_object_delete(obj=obj, actor=request.user, request=request)

    @admin.display(description=gettext_lazy("name"), ordering="name_pinyin")
    def pinyin_name(self, obj: Any) -> str:
        """The name column, sorted in pinyin order."""
        return obj.name

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        # ``queryset`` is already scoped: the changelist action runs over get_queryset().
        for obj in queryset:
            admin_object_delete(obj=obj, actor=request.user, request=request)


__all__ = ["ScopedModelAdmin", "ScopedRelatedFieldListFilter", "may_view"]


class LargeTableAdmin(ScopedModelAdmin):
    """Lists of tables that grow to millions of rows (registrations, results, the audit trail).

    Newest first along the primary key and no total count: each page is one indexed
    range read, however large the table.
    """

    paginator = InfinitePaginator
    ordering: Any = ("-id",)
    date_hierarchy = None
