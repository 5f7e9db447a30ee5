from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse

from onex.accounts.forms import LoginForm


def login(request: HttpRequest) -> HttpResponse:
    """Log in; afterwards ``home`` sends each role to its own page."""
    view = auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
        extra_context=admin.site.each_context(request),
    )
    return view(request)


logout = auth_views.LogoutView.as_view()
