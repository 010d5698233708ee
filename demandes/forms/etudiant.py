"""Étudiant — Motif de séjour (two academic years) and Ressources."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from demandes import regles
from demandes.catalogue.options import (
    CYCLES,
    DISCIPLINES,
    NIVEAUX,
    ORIGINES_RESSOURCES,
    RESULTATS_ANNEE,
    TYPES_ETABLISSEMENT,
    traduites,
)
from demandes.forms.base import EtapeForm, oui_non

MAX_RESSOURCES = 10


def annees_universitaires(today=None) -> tuple[str, str]:
    """("2025-2026", "2026-2027") in November 2026: year N starts in September."""
    today = today or timezone.localdate()
    debut = today.year if today.month >= 9 else today.year - 1
    return f"{debut - 1}-{debut}", f"{debut}-{debut + 1}"


def _choices(options):
    return [("", "—")] + list(options)


def _choix(options):
    """The same, in the language of the request (for fields built by a form's __init__)."""
    return [("", "—"), *traduites(options)]


def _bloc_etudes(prefix: str, required: bool) -> dict:
    return {
        f"{prefix}_type_etablissement": forms.ChoiceField(
            label=_("Type d'établissement"),
            choices=_choix(TYPES_ETABLISSEMENT),
            required=required,
        ),
        f"{prefix}_nom_etablissement": forms.CharField(
            label=_("Nom de l'établissement"), max_length=150, required=required
        ),
        f"{prefix}_cycle": forms.ChoiceField(
            label=_("Cycle d'études"), choices=_choix(CYCLES), required=required
        ),
        f"{prefix}_niveau": forms.ChoiceField(
            label=_("Niveau d'études en fin d'année"), choices=_choix(NIVEAUX), required=required
        ),
        f"{prefix}_diplome": forms.CharField(
            label=_("Diplôme visé en fin d'études"), max_length=150, required=required
        ),
        f"{prefix}_discipline": forms.ChoiceField(
            label=_("Discipline"), choices=_choix(DISCIPLINES), required=required
        ),
    }


class MotifEtudiantForm(EtapeForm):
    """The motif step: the « ANNÉE N-1 » (studies of the past year) and « ANNÉE N » (the year
    ahead) blocks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        annee_n1, annee_n = annees_universitaires()
        self.annee_n1, self.annee_n = annee_n1, annee_n
        self.fields["n1_etudiant_en_france"] = oui_non(
            _("J'étais étudiant en France pour l'année %(annee)s") % {"annee": annee_n1}
        )
        self.fields.update(_bloc_etudes("n1", required=False))
        self.fields["n1_resultat"] = forms.ChoiceField(
            label=_("Année"),
            choices=traduites(RESULTATS_ANNEE),
            widget=forms.RadioSelect,
            required=False,
        )
        self.fields.update(_bloc_etudes("n", required=True))
        self.fields["n_mobilite_ue"] = oui_non(
            _("Je suis étudiant et mon cursus comprend une mobilité au sein de l'Union européenne")
        )
        self.marquer_conditionnels()

    def get_sections(self):
        return [
            (
                _("Année N-1 (%(annee)s)") % {"annee": self.annee_n1},
                [self[name] for name in self.fields if name.startswith("n1_")],
            ),
            (
                _("Année N (%(annee)s)") % {"annee": self.annee_n},
                [self[name] for name in self.fields if name.startswith("n_")],
            ),
        ]

    def bloc_de(self, name: str) -> str | None:
        if name.startswith("n1_"):
            return _("Année N-1")
        return _("Année N") if name.startswith("n_") else None

    def condition_de(self, name: str):
        if name.startswith("n1_") and name != "n1_etudiant_en_france":
            return ("n1_etudiant_en_france", "oui")
        return None

    def clean(self):
        cleaned = super().clean()
        etudiant = cleaned.get("n1_etudiant_en_france") == "oui"
        bloc = [name for name in self.fields if name.startswith("n1_")][1:]
        self.require_if(cleaned, etudiant, *bloc)
        return cleaned


def montant_decimal(valeur) -> Decimal | None:
    """« 615,50 », « 1 200 » or « 615.50 » as typed in France; None when it is not a number."""
    texte = "".join(str(valeur if valeur is not None else "").split())
    try:
        return Decimal(texte.replace(",", "."))
    except ArithmeticError:
        return None


class MontantField(forms.DecimalField):
    """A decimal comma is accepted, as the live total already does."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            montant = montant_decimal(value)
            value = str(montant) if montant is not None and montant.is_finite() else value
        return super().to_python(value)


class RessourceForm(forms.Form):
    origine = forms.ChoiceField(
        label=_("Origine des ressources"),
        choices=_choices(ORIGINES_RESSOURCES),
    )
    montant = MontantField(
        label=_("Montant (€/mois)"),
        min_value=0,
        max_value=Decimal("99999"),
        decimal_places=2,
        error_messages={
            "invalid": _("Saisissez un montant en euros, par exemple 650 ou 615,50."),
            "min_value": _("Le montant ne peut pas être négatif."),
            "max_value": _("Le montant ne peut pas dépasser 99 999 €/mois."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "anef-montant"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origine"].choices = _choix(ORIGINES_RESSOURCES)


class BaseRessourceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(f.cleaned_data for f in self.forms):
            raise forms.ValidationError(_("Renseignez au moins une ressource."))


RessourceFormSet = forms.formset_factory(
    RessourceForm,
    formset=BaseRessourceFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_RESSOURCES,
    validate_max=True,
)


class RessourcesForm(EtapeForm):
    """The resources step: repeatable lines (a formset), the free-lodging box and, under
    the minimum (regles.RESSOURCES_MINIMUM_MENSUEL), the required explanation."""

    minimum = regles.RESSOURCES_MINIMUM_MENSUEL

    heberge_gratuit = forms.BooleanField(
        label=_("Je suis hébergé(e) à titre gratuit"), required=False
    )
    raison = forms.CharField(
        label=_("Votre message"),
        required=False,
        max_length=2000,
        help_text=_(
            "Vous n'avez pas atteint le montant minimum de ressources nécessaires. Veuillez en "
            "préciser les raisons."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, data=None, *args, initial=None, **kwargs):
        super().__init__(data, *args, initial=initial, **kwargs)
        lignes = (initial or {}).get("ressources") or [{}]
        self.ressources = RessourceFormSet(data, initial=lignes, prefix="ressources")
        # Required once the total is under the minimum (the page shows it then).
        self.fields["raison"].obligatoire_si_affiche = True

    def is_valid(self):
        # Both must run: every error shows at once.
        return all([super().is_valid(), self.ressources.is_valid()])

    @property
    def total(self) -> Decimal:
        source = self.ressources.forms
        total = Decimal(0)
        for form in source:
            value = (form.cleaned_data if hasattr(form, "cleaned_data") else {}).get("montant")
            if value is None:
                value = montant_decimal(form.initial.get("montant") or 0)
            if value is not None and value.is_finite():
                total += value
        return total

    def clean(self):
        cleaned = super().clean()
        if self.ressources.is_valid() and regles.sous_le_minimum(self.total):
            if not (cleaned.get("raison") or "").strip():
                self.add_error(
                    "raison",
                    _("Vous n'avez pas atteint le montant minimum : précisez-en les raisons."),
                )
        elif self.ressources.is_valid():
            cleaned["raison"] = ""
        return cleaned

    def donnees(self) -> dict:
        lignes = [
            {"origine": f.cleaned_data["origine"], "montant": str(f.cleaned_data["montant"])}
            for f in self.ressources.forms
            if f.cleaned_data
        ]
        return {
            "ressources": lignes,
            "total": str(self.total),
            "heberge_gratuit": self.cleaned_data["heberge_gratuit"],
            "raison": self.cleaned_data.get("raison", ""),
        }

    def action_locale(self, action: str):
        """« + ajouter une ressource » / « Supprimer »: a new unbound form keeping what was
        typed, with one line more or less (works without JavaScript)."""
        if action != "ajouter_ressource" and not action.startswith("supprimer_ressource_"):
            return None
        lignes = [
            {
                "origine": self.data.get(f"ressources-{i}-origine", ""),
                "montant": self.data.get(f"ressources-{i}-montant", ""),
            }
            for i in range(self._nombre_lignes_postees())
        ]
        if action == "ajouter_ressource" and len(lignes) < MAX_RESSOURCES:
            lignes.append({})
        elif action.startswith("supprimer_ressource_"):
            index = action.removeprefix("supprimer_ressource_")
            if index.isdigit() and int(index) < len(lignes) and len(lignes) > 1:
                del lignes[int(index)]
        initial = {
            "ressources": lignes,
            "heberge_gratuit": bool(self.data.get("heberge_gratuit")),
            "raison": self.data.get("raison", ""),
        }
        return type(self)(
            initial=initial, saisie=self.saisie, motif=self.motif, demande=self.demande
        )

    def _nombre_lignes_postees(self) -> int:
        try:
            return max(0, min(int(self.data.get("ressources-TOTAL_FORMS", 0)), MAX_RESSOURCES))
        except ValueError:
            return 0

    def erreurs_lignes(self) -> list[tuple[str, str, str]]:
        """The resource lines' errors, for the page's error summary: (field id, label, error)."""
        if not self.is_bound:
            return []
        # A link of the summary must reach a control: the first line's origin, not the heading.
        lignes = self.ressources.forms
        ancre = lignes[0]["origine"].id_for_label if lignes else "id_heberge_gratuit"
        erreurs = [(ancre, _("Ressources"), e) for e in self.ressources.non_form_errors()]
        for numero, ligne in enumerate(self.ressources.forms, start=1):
            for name, messages in ligne.errors.items():
                libelle = _("Ressource %(n)s — %(champ)s") % {
                    "n": numero,
                    "champ": ligne.fields[name].label,
                }
                erreurs += [(ligne[name].id_for_label, libelle, m) for m in messages]
        return erreurs
