from django import forms
from dsfr.forms import DsfrBaseForm


class AnefForm(DsfrBaseForm):
    """django-dsfr's form, marking optional fields (the current DSFR rule) instead of required
    ones, without its transitional setting."""

    def get_context(self) -> dict:
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context
