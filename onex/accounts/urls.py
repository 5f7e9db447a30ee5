from django.urls import path

from onex.accounts import first_login, set_password, tokens, views
from onex.core.access import page

# Not namespaced: settings.LOGIN_URL and LOGOUT_REDIRECT_URL name "login".
urlpatterns = [
    path("login/", page(views.login), name="login"),
    path("logout/", page(views.logout), name="logout"),
    path("first-login/", page(first_login.first_login), name="first_login"),
    path("set-password/", page(set_password.set_password), name="set_password"),
    path("tokens/", page(tokens.token_list), name="api_tokens"),
    path("tokens/<int:pk>/revoke/", page(tokens.token_revoke), name="api_token_revoke"),
]
