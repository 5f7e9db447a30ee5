"""A student's first login: prove who you are with the student number and ID number, then set a password.

The student is found by institution, student number and the keyed hash of the full ID
number (``Student.id_number_hash``), so nothing is decrypted. A student without an
account gets one here (role student, linked to the student row); an account that
already has a usable password is left alone unless the office asked for a new one
(``must_set_password``). Every success is audited; the page is rate-limited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onex.accounts.services import IdentityError, student_first_login
from onex.core.ratelimit import ratelimit
from onex.org.models import Institution

FIRST_LOGIN_LIMIT = 10  # attempts per address per minute
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class FirstLoginForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=gettext_lazy("College"), queryset=Institution.objects.order_by("name_pinyin", "code"), empty_label=None
    )
    student_number = forms.CharField(label=gettext_lazy("Student number"), max_length=30)
    id_number = forms.CharField(
        label=gettext_lazy("ID number"),
        max_length=40,
        help_text=gettext_lazy("The full number of the ID card you enrolled with."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password1 = forms.CharField(
        label=gettext_lazy("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=gettext_lazy("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["student_number"].widget.attrs.update(autocapitalize="none", autofocus=True)
        institutions = self.fields["institution"].queryset  # type: ignore[attr-defined]
        if institutions.count() == 1:
            self.fields["institution"].initial = institutions.first()
            self.fields["institution"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


@ratelimit(key="first-login", limit=FIRST_LOGIN_LIMIT)
def first_login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = FirstLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = student_first_login(
                institution=data["institution"],
                student_number=data["student_number"],
                id_number=data["id_number"],
                password=data["password1"],
                request=request,
            )
        except IdentityError as exc:
            form.add_error(None, exc)
        except ValidationError as exc:  # the password validators
            form.add_error("password1", exc)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(
                request,
                _("Your password is set. Next time, log in with the user name %(username)s.")
                % {"username": user.username},
            )
            return redirect("portal_student")
    return render(request, "accounts/first_login.html", {"form": form})
