from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.conf import settings as otp_settings
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as OTPTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from unfold.admin import ModelAdmin
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from onex.accounts.models import ApiToken, User
from onex.accounts.services import SUPERUSER_GRANTED_ROLES, user_create, user_reset_password, user_set_role
from onex.audit.modeladmin import ScopedModelAdmin
from onex.core.roles import Role

_ROLE_FIELDS = ("role", "institution", "department", "teacher", "student")


class RoleFieldsForm:
    """The user table's rules on role fields as form errors.

    The form leaves ``is_superuser`` out for the office, so Django skips the
    constraints that mention it and the database would refuse the row instead
    (a server error).
    """

    instance: User

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        role = data.get("role", self.instance.role)
        superuser = data.get("is_superuser", self.instance.is_superuser)
        institution = data.get("institution", self.instance.institution if self.instance.pk else None)
        if role and role != Role.PROVINCE and not superuser and institution is None:
            self.add_error(  # type: ignore[attr-defined]
                "institution", _("Choose the institution: every role except the province belongs to one.")
            )
        if role == Role.COORDINATOR and "department" in data and data["department"] is None:
            self.add_error("department", _("A department coordinator needs a department."))  # type: ignore[attr-defined]
        return data


class UserAddForm(RoleFieldsForm, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email", *_ROLE_FIELDS, "province")


class UserEditForm(RoleFieldsForm, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


# Django's password view builds its form without the request; the acting user reaches it here.
_password_request: ContextVar[HttpRequest | None] = ContextVar("password_request", default=None)


class PasswordResetForm(AdminPasswordChangeForm):
    """The office sets a user's password through the service, which also revokes the user's API tokens."""

    def save(self, commit: bool = True) -> Any:
        request = _password_request.get()
        usable = self.cleaned_data.get("set_usable_password", True)
        return user_reset_password(
            user=self.user,
            password=self.cleaned_data["password1"] if usable else None,
            actor=getattr(request, "user", None),
            request=request,
        )


@admin.register(User)
class UserAdmin(ScopedModelAdmin, DjangoUserAdmin):
    """Office manages the users of its own institution; only a superuser hands out province or superuser."""

    form = UserEditForm
    add_form = UserAddForm
    change_password_form = PasswordResetForm
    list_display = ("username", "full_name", "role", "institution", "department", "is_active", "last_login")
    search_fields = ("username", "first_name", "last_name", "email")
    list_filter = ("role", "is_active", "institution", "department")
    list_select_related = ("institution", "department")
    ordering = ("username",)
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj: User) -> str:
        return f"{obj.last_name}{obj.first_name}"

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        reset = _password_request.set(request)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _password_request.reset(reset)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        if not request.user.is_superuser:
            qs = qs.filter(is_superuser=False)
        return qs

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        superuser = request.user.is_superuser
        extra = ("province",) if superuser else ()
        if obj is None:
            return (
                (None, {"fields": ("username", "password1", "password2")}),
                (_("Personal info"), {"fields": ("last_name", "first_name", "email")}),
                (_("Role"), {"fields": (*_ROLE_FIELDS, *extra)}),
            )
        status = ("is_active", "must_set_password", "is_superuser") if superuser else ("is_active", "must_set_password")
        return (
            (None, {"fields": ("username", "password")}),
            (_("Personal info"), {"fields": ("last_name", "first_name", "email")}),
            (_("Role"), {"fields": (*_ROLE_FIELDS, *extra)}),
            (_("Status"), {"fields": status}),
            (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        )

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(v, label) for v, label in db_field.choices if v not in SUPERUSER_GRANTED_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        if request.user.institution_id and not request.user.is_superuser:
            initial.setdefault("institution", request.user.institution_id)
        return initial

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            created = user_create(
                username=data["username"],
                password=data.get("password1") or None,
                role=data["role"],
                institution=data.get("institution"),
                department=data.get("department"),
                teacher=data.get("teacher"),
                student=data.get("student"),
                province=data.get("province", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                actor=request.user,
            )
            if data.get("email"):
                created.email = data["email"]
                created.save(update_fields=["email"])
            obj.__dict__.update(created.__dict__)
            form._onex_audited = True
            return
        stored = User.objects.get(pk=obj.pk)
        new_role = obj.role
        if not request.user.is_superuser:
            obj.is_superuser = stored.is_superuser
        obj.role = stored.role
        super().save_model(request, obj, form, change)
        if new_role != stored.role:
            user_set_role(user=obj, role=new_role, actor=request.user, request=request)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin, ModelAdmin):
    """Permission groups are not used by the role policy; kept for the superuser only."""


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(OTPTOTPDeviceAdmin):
    """django-otp's device admin, whose config and QR code views fetch the device with a bare ``get``:
    a device id that does not exist raised DoesNotExist (HTTP 500). Here they answer as the stock admin does.
    """

    def _device(self, request: HttpRequest, pk: int) -> TOTPDevice | None:
        if otp_settings.OTP_ADMIN_HIDE_SENSITIVE_DATA or not self.has_view_or_change_permission(request):
            raise PermissionDenied
        device = self.get_object(request, str(pk))
        if device is not None and not self.has_view_or_change_permission(request, device):
            raise PermissionDenied
        return device

    def config_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if self._device(request, pk) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(pk))
        return super().config_view(request, pk)

    def qrcode_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if self._device(request, pk) is None:
            raise Http404  # an image: a redirect to the index would not show
        return super().qrcode_view(request, pk)


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedModelAdmin):
    """Read-only here: tokens are issued by the API and revoked on the API tokens page."""

    list_display = ("prefix", "user", "created", "expires", "last_used", "revoked")
    list_select_related = ("user",)
    search_fields = ("user__username", "prefix")
    ordering = ("-created",)
    exclude = ("key_hash",)
