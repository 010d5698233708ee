"""The pages before the wizard: for whom, current situation, choice of title."""

from django import forms
from django.utils.translation import gettext_lazy as _

from anef.forms import AnefForm
from demandes.catalogue import choix_autre_titre
from demandes.models import PourQui, Situation


class PourQuiForm(AnefForm):
    pour_qui = forms.ChoiceField(
        label=_("Je sollicite ou renouvelle un titre de séjour pour :"),
        choices=PourQui.choices,
        widget=forms.RadioSelect,
    )
    situation = forms.ChoiceField(
        label=_("Votre situation"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
    )


class SituationActuelleForm(AnefForm):
    demande = forms.ChoiceField(
        label=_("Votre demande"),
        choices=[
            ("renouvellement", _("Je sollicite le renouvellement de ce titre")),
            ("autre", _("Je sollicite un autre titre de séjour")),
        ],
        widget=forms.RadioSelect,
    )
    autre_titre = forms.ChoiceField(
        label=_("Je sollicite un autre titre de séjour :"),
        choices=(),
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, renouvellement_possible=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["autre_titre"].choices = choix_autre_titre()
        if not renouvellement_possible:
            self.fields["demande"].choices = [("autre", _("Je sollicite un titre de séjour"))]
            self.fields["demande"].initial = "autre"

    def get_sections(self):
        return [(None, [self["demande"], self["autre_titre"]])]

    def condition_de(self, name: str):
        if name == "autre_titre" and len(self.fields["demande"].choices) > 1:
            return ("demande", "autre")
        return None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("demande") == "autre" and not cleaned.get("autre_titre"):
            self.add_error("autre_titre", self.fields["autre_titre"].error_messages["required"])
        return cleaned
