"""The récapitulatif's two posts: validate one part, file the request with observations."""

from django import forms
from django.utils.translation import gettext_lazy as _

OBSERVATIONS_MAX = 2000


class PartieForm(forms.Form):
    """« Valider cette partie »: the part's index (the service checks it exists)."""

    partie = forms.IntegerField(min_value=0)


class DepotForm(forms.Form):
    """« Déposer la demande »: the optional observations for the administration, kept as typed."""

    observations = forms.CharField(
        required=False,
        strip=False,
        max_length=OBSERVATIONS_MAX,
        error_messages={
            "max_length": _("Vos observations ne doivent pas dépasser 2 000 caractères."),
        },
    )
