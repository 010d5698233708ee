import datetime
from decimal import Decimal

from django import forms

from anef.forms import AnefForm
from demandes.catalogue.options import OUI_NON


class EtapeForm(AnefForm):
    """A wizard step form. It receives the answers saved so far (`saisie`) and the motif, so
    conditional questions and attestations can depend on earlier steps."""

    def __init__(self, *args, saisie=None, motif=None, demande=None, **kwargs):
        self.saisie = saisie
        self.motif = motif
        self.demande = demande
        super().__init__(*args, **kwargs)
        self.marquer_conditionnels()

    def marquer_conditionnels(self) -> None:
        """The « * » on follow-up questions, required once shown (call again after adding
        fields in a subclass)."""
        for name, field in self.fields.items():
            if self.condition_de(name):
                field.obligatoire_si_affiche = True

    # [(title, [field names])]: how the step template groups the fields; None → one group.
    sections = None
    # {field: (parent field, value)}: shown only when the parent has that value (the page hides
    # it with JavaScript; the server requires it only in that case).
    conditions: dict = {}

    def get_sections(self):
        if not self.sections:
            return [(None, [self[name] for name in self.fields])]
        groupes = []
        for titre, noms in self.sections:
            champs = [self[name] for name in noms if name in self.fields]
            if champs:
                groupes.append((titre, champs))
        return groupes

    def condition_de(self, name: str):
        return self.conditions.get(name)

    def bloc_de(self, name: str) -> str | None:
        """The short name of the block holding a field, for the error summary
        (« Année N-1 — Type d'établissement »)."""
        for titre, noms in self.sections or []:
            if name in noms:
                return titre
        return None

    def require_if(self, cleaned: dict, condition: bool, *names: str) -> None:
        """Conditional questions: required only when their parent answer calls for them;
        emptied otherwise so stale answers are not kept."""
        for name in names:
            if condition and cleaned.get(name) in (None, "", [], False):
                self.add_error(name, self.fields[name].error_messages["required"])
            elif not condition:
                cleaned[name] = "" if not isinstance(cleaned.get(name), bool) else False

    def donnees(self) -> dict:
        """What is stored in `Demande.saisie[step]`: JSON-safe cleaned data."""
        return {key: _json_safe(value) for key, value in self.cleaned_data.items()}


def _json_safe(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if hasattr(value, "as_e164"):
        return value.as_e164
    return value


def oui_non(label, **kwargs):
    return forms.ChoiceField(label=label, choices=OUI_NON, widget=forms.RadioSelect, **kwargs)
