from django.urls import path

from onex.accounts import first_login, set_password, views

# Not namespaced: settings.LOGIN_URL and LOGOUT_REDIRECT_URL name "login".
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("first-login/", first_login.first_login, name="first_login"),
    path("set-password/", set_password.set_password, name="set_password"),
]
