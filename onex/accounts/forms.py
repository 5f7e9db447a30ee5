from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from unfold.widgets import BASE_INPUT_CLASSES


class LoginForm(AuthenticationForm):
    """Django's login form (any role, not only staff) in the back office's look."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("username", "password"):
            self.fields[name].widget.attrs["class"] = " ".join(BASE_INPUT_CLASSES)
        self.fields["username"].widget.attrs["autocapitalize"] = "none"
