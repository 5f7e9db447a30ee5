from django import forms
from django.utils.translation import gettext_lazy as _

from onex.core.scoping import scope_queryset
from onex.notices.models import Audience
from onex.org.models import Department
from onex.pilots.models import Pilot


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 8}))
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    pilot = forms.ModelChoiceField(label=_("Pilot"), queryset=Pilot.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = scope_queryset(Department.objects.all(), user)
        self.fields["pilot"].queryset = scope_queryset(Pilot.objects.select_related("certificate"), user)

    def clean(self):
        data = super().clean()
        if data.get("audience") == Audience.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("Choose the department this notice is for."))
        if data.get("audience") == Audience.PILOT and not data.get("pilot"):
            self.add_error("pilot", _("Choose the pilot whose candidates this notice is for."))
        return data
