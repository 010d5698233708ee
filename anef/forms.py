from django import forms
from dsfr.forms import DsfrBaseForm


class AnefForm(DsfrBaseForm):
    """django-dsfr's form. Required fields carry the « * » of the seeds (« Les champs marqués
    d'un * sont obligatoires »); django-dsfr's own get_context only adds a deprecation warning
    about that choice, so it is skipped."""

    def get_context(self) -> dict:
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = False
        return context
