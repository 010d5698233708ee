"""The applicant's answer to a complement: per document « Votre réponse * » (maintain or
update), the reasons of a maintained document, a new file for an updated one; « Message à
l'agent ». Field names carry the element's pk (`reponse_12`, `raison_12`, `fichier_12`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from anef.forms import AnefForm
from instruction.complements import MESSAGE_LONGUEUR_MAX, RAISON_LONGUEUR_MAX, Reponse
from instruction.models import ReponseComplement
from justificatifs.forms import FORMATS_ACCEPTES
from justificatifs.upload_handlers import FichierTropGros


class ReponseComplementForm(AnefForm):
    message = forms.CharField(
        label=_("Message à l'agent"),
        required=False,
        max_length=MESSAGE_LONGUEUR_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, elements, envoi: bool = False, **kwargs):
        """`elements`: the complement's ElementComplement; `envoi`: « Valider et envoyer » was
        pressed (every document then needs its answer); attaching or removing a file only
        keeps what was typed."""
        super().__init__(*args, **kwargs)
        self.elements = list(elements)
        self.envoi = envoi
        for element in self.elements:
            self.fields[f"reponse_{element.pk}"] = forms.ChoiceField(
                label=_("Votre réponse"),
                choices=ReponseComplement.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"reponse_{element.pk}"].widget.inline = True
            # Shown with « * »: required only when the answer is sent (`clean`).
            self.fields[f"reponse_{element.pk}"].obligatoire_si_affiche = True
            self.fields[f"raison_{element.pk}"] = forms.CharField(
                label=_("Veuillez préciser les raisons du maintien du document"),
                required=False,
                max_length=RAISON_LONGUEUR_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Si vous maintenez le document."),
            )
            self.fields[f"raison_{element.pk}"].obligatoire_si_affiche = True
            self.fields[f"fichier_{element.pk}"] = forms.FileField(
                label=_("Joindre un document"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": FORMATS_ACCEPTES}),
            )

    def clean(self):
        donnees = super().clean()
        for element in self.elements:
            fichier = donnees.get(f"fichier_{element.pk}")
            if isinstance(fichier, FichierTropGros):
                self.add_error(
                    f"fichier_{element.pk}", _("Le fichier dépasse la taille maximale de 10 Mo.")
                )
            if not self.envoi:
                continue
            reponse = donnees.get(f"reponse_{element.pk}")
            if not reponse:
                self.add_error(
                    f"reponse_{element.pk}",
                    _("Choisissez de maintenir ou de mettre à jour ce document."),
                )
            elif (
                reponse == ReponseComplement.MAINTENIR
                and not (donnees.get(f"raison_{element.pk}") or "").strip()
            ):
                self.add_error(
                    f"raison_{element.pk}", _("Précisez les raisons du maintien du document.")
                )
        return donnees

    def reponses(self) -> dict[int, Reponse]:
        return {
            element.pk: Reponse(
                reponse=self.cleaned_data.get(f"reponse_{element.pk}") or "",
                raison=self.cleaned_data.get(f"raison_{element.pk}") or "",
            )
            for element in self.elements
        }

    def fichiers_choisis(self) -> list[tuple[object, object]]:
        """(element, upload) for each file chosen in the page (sent with « Joindre » or with
        « Valider et envoyer » when the applicant did not press « Joindre » first)."""
        return [
            (element, self.cleaned_data[f"fichier_{element.pk}"])
            for element in self.elements
            if self.cleaned_data.get(f"fichier_{element.pk}")
        ]
