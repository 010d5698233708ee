"""The forms of the agents' actions (`instruction.admin.actions`): they parse and check what an
agent typed; the rules of each action are its service's (`instruction.services`).

Each form is built with the request it acts on (`demande=`)."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from anef.forms import AnefForm, DateField
from demandes import wizard
from demandes.models import Demande, SensDecision
from instruction import regles
from instruction.models import Decision, MotifComplement, StatutDecision, TypeCarte
from justificatifs import selectors as justificatifs
from justificatifs.upload_handlers import FichierTropGros
from justificatifs.validation import FichierRefuse, verifier_fichier

TIMBRE_16_CHIFFRES = _("Le numéro du timbre fiscal électronique comporte 16 chiffres.")
AUTRE = "autre"


class ActionForm(AnefForm):
    """An action's form: the request it acts on is at hand for initial values and checks."""

    def __init__(self, *args, demande: Demande, **kwargs):
        self.demande = demande
        super().__init__(*args, **kwargs)


class ConfirmationForm(ActionForm):
    """An action without anything to type: the button confirms it."""


def _texte(label, *, requis_message, help_text="", rows=4, max_length=2000):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": requis_message},
    )


def _montant(label, *, requis_message):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_digits=7,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": requis_message,
            "invalid": _("Saisissez un montant en euros, par exemple 225 ou 225,00."),
            "min_value": _("Le montant ne peut pas être négatif."),
            "max_digits": _("Le montant est trop élevé."),
            "max_decimal_places": _("Le montant a au plus deux décimales."),
        },
    )


# --- Demander un complément -------------------------------------------------------------------


class LigneComplement:
    """One document of the complement form: its label, what the applicant provided, and the
    bound fields of its row (a checkbox, the reason, the observation; a label for « autre »)."""

    def __init__(self, form, code, libelle, fournis):
        self.code = code
        self.libelle = libelle
        self.fournis = fournis
        self.demander = form[f"{code}-demander"]
        self.libelle_autre = form[f"{code}-libelle"] if code == AUTRE else None
        self.motif = form[f"{code}-motif"] if code != AUTRE else None
        self.observation = form[f"{code}-observation"]

    @property
    def champs(self):
        return [c for c in (self.libelle_autre, self.motif, self.observation) if c is not None]


class ComplementForm(ActionForm):
    """One row per document of the request (the motif's pieces asked for this request, with the
    files already provided) and a last row for a document the list does not name. A ticked row
    needs a reason and an observation; a document with nothing provided can only be missing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fichiers = justificatifs.fichiers_par_piece(self.demande)
        ephoto = justificatifs.ephoto_de(self.demande)
        self.pieces = {}
        for piece in wizard.pieces_demandees(self.demande):
            if piece.ephoto:
                fournis = [ephoto.code] if ephoto is not None else []
            else:
                fournis = fichiers.get(piece.code, [])
            self.pieces[piece.code] = (str(piece.libelle), fournis)
            self._ajouter_ligne(piece.code, str(piece.libelle), avec_motif=True)
        self._ajouter_ligne(AUTRE, _("Autre document"), avec_motif=False)
        self.fields[f"{AUTRE}-libelle"] = forms.CharField(
            label=_("Nom du document demandé"),
            max_length=200,
            required=False,
            help_text=_("Par exemple : Justificatif de domicile datant de moins de 6 mois"),
        )
        self.order_fields([name for code in [*self.pieces, AUTRE] for name in self._noms(code)])

    @staticmethod
    def _noms(code):
        suffixes = ["demander", "libelle", "motif", "observation"]
        return [f"{code}-{s}" for s in suffixes]

    def _ajouter_ligne(self, code, libelle, *, avec_motif):
        self.fields[f"{code}-demander"] = forms.BooleanField(
            label=_("Demander « %(libelle)s »") % {"libelle": libelle}, required=False
        )
        if avec_motif:
            self.fields[f"{code}-motif"] = forms.ChoiceField(
                label=_("Le document est"),
                choices=MotifComplement.choices,
                widget=forms.RadioSelect,
                required=False,
            )
        self.fields[f"{code}-observation"] = forms.CharField(
            label=_("Observations"),
            help_text=_("Ce que l'usager doit corriger ou fournir (il lira ce texte)."),
            max_length=2000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def bloc_de(self, name: str) -> str | None:
        code = name.split("-", 1)[0]
        if code == AUTRE:
            return str(_("Autre document"))
        return self.pieces[code][0] if code in self.pieces else None

    def lignes(self) -> list[LigneComplement]:
        lignes = [
            LigneComplement(self, code, libelle, fournis)
            for code, (libelle, fournis) in self.pieces.items()
        ]
        lignes.append(LigneComplement(self, AUTRE, _("Autre document (absent de la liste)"), []))
        return lignes

    def clean(self):
        donnees = super().clean()
        elements = []
        for code, (libelle, fournis) in self.pieces.items():
            if not donnees.get(f"{code}-demander"):
                continue
            motif = donnees.get(f"{code}-motif")
            if not motif:
                self.add_error(
                    f"{code}-motif",
                    _("Indiquez si le document est manquant, non lisible ou non valide."),
                )
            elif not fournis and motif != MotifComplement.MANQUANT:
                self.add_error(
                    f"{code}-motif",
                    _("Aucun fichier n'a été fourni pour ce document : il est manquant."),
                )
            elements.append(self._element(code, libelle, motif, donnees))
        if donnees.get(f"{AUTRE}-demander"):
            libelle = (donnees.get(f"{AUTRE}-libelle") or "").strip()
            if not libelle:
                self.add_error(f"{AUTRE}-libelle", _("Indiquez le nom du document demandé."))
            elements.append(self._element(AUTRE, libelle, MotifComplement.MANQUANT, donnees))
        if not elements:
            raise forms.ValidationError(_("Sélectionnez au moins un document à demander."))
        donnees["elements"] = elements
        return donnees

    def _element(self, code, libelle, motif, donnees) -> dict:
        observation = (donnees.get(f"{code}-observation") or "").strip()
        if not observation:
            self.add_error(f"{code}-observation", _("Écrivez une observation pour ce document."))
        return {"piece": code, "libelle": libelle, "motif": motif, "observation": observation}


# --- ADP --------------------------------------------------------------------------------------


class AdpForm(ActionForm):
    debut = DateField(
        label=_("Valable du"),
        error_messages={"required": _("Saisissez la date de début de validité.")},
    )
    fin = DateField(
        label=_("Valable au"),
        error_messages={"required": _("Saisissez la date de fin de validité.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        periode = regles.adp_periode_proposee(self.demande)
        self.initial.setdefault("debut", periode.debut)
        self.initial.setdefault("fin", periode.fin)

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("debut"), donnees.get("fin")
        if debut and fin and fin < debut:
            self.add_error("fin", _("La fin de validité doit suivre son début."))
        return donnees


# --- Proposer une décision --------------------------------------------------------------------


class DecisionForm(ActionForm):
    """Favourable (the card) or unfavourable (the reasons and the signed refusal, a PDF checked
    like a justificatif). Only the fields of the chosen direction are required."""

    DEFAVORABLE = ["motifs_refus", "document_refus"]

    sens = forms.ChoiceField(
        label=_("Sens de la décision proposée"),
        choices=SensDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le sens de la décision.")},
    )
    type_carte = forms.ChoiceField(
        label=_("Type de titre"),
        choices=[("", _("Sélectionnez un type de titre")), *TypeCarte.choices],
        required=False,
    )
    date_debut = DateField(label=_("Titre valable du"), required=False)
    date_fin = DateField(label=_("Titre valable au"), required=False)
    mention = forms.CharField(
        label=_("Mention portée sur le titre"),
        help_text=_("Par exemple : Étudiant, Vie privée et familiale"),
        max_length=150,
        required=False,
    )
    montant_taxe = _montant(
        _("Montant des taxes (€)"), requis_message=_("Indiquez le montant des taxes.")
    )
    autorise_travail = forms.BooleanField(
        label=_("Le titre autorise son titulaire à travailler"), required=False
    )
    motifs_refus = forms.CharField(
        label=_("Motifs du refus"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    document_refus = forms.FileField(
        label=_("Décision de refus signée (PDF)"),
        help_text=_("Format accepté : .pdf. Taille maximale : 10 Mo."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["montant_taxe"].required = False
        # Required for the direction chosen: the « * » says so, `clean` checks it.
        for name in ("type_carte", "date_debut", "date_fin", "montant_taxe", *self.DEFAVORABLE):
            self.fields[name].obligatoire_si_affiche = True
        for name, value in regles.decision_favorable_proposee(self.demande).items():
            self.initial.setdefault(name, value)
        if regles.travail_a_titre_accessoire(self.demande):
            self.fields["autorise_travail"].label = _(
                "Le titre autorise son titulaire à travailler (à titre accessoire)"
            )
        self.verdict = None

    def clean(self):
        donnees = super().clean()
        sens = donnees.get("sens")
        if sens == SensDecision.FAVORABLE:
            self._favorable(donnees)
        elif sens == SensDecision.DEFAVORABLE:
            self._defavorable(donnees)
        if self.errors and self.verdict is not None:
            # The form goes back to the agent: the checked copy will not be stored.
            self.verdict.contenu.close()
            self.verdict = None
        return donnees

    def _favorable(self, donnees):
        requis = {
            "type_carte": _("Choisissez le type de titre."),
            "date_debut": _("Saisissez la date de début de validité du titre."),
            "date_fin": _("Saisissez la date de fin de validité du titre."),
            "montant_taxe": _("Indiquez le montant des taxes."),
        }
        for name, message in requis.items():
            if donnees.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, message)
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", _("La fin de validité du titre doit suivre son début."))

    def _defavorable(self, donnees):
        if not (donnees.get("motifs_refus") or "").strip():
            self.add_error("motifs_refus", _("Indiquez les motifs du refus."))
        fichier = donnees.get("document_refus")
        if not fichier:
            if "document_refus" not in self.errors:
                self.add_error("document_refus", _("Joignez la décision de refus signée (PDF)."))
            return
        if isinstance(fichier, FichierTropGros):
            self.add_error("document_refus", _("Le fichier dépasse la taille maximale de 10 Mo."))
            return
        try:
            verdict = verifier_fichier(fichier)
        except FichierRefuse as exc:
            self.add_error("document_refus", str(exc))
            return
        if verdict.type_mime != "application/pdf":
            verdict.contenu.close()
            self.add_error("document_refus", _("La décision de refus doit être un fichier PDF."))
            return
        self.verdict = verdict

    def arguments(self) -> dict:
        """The service's keyword arguments for the chosen direction."""
        d = self.cleaned_data
        if d["sens"] == SensDecision.FAVORABLE:
            return {
                "sens": d["sens"],
                "type_carte": d["type_carte"],
                "date_debut": d["date_debut"],
                "date_fin": d["date_fin"],
                "mention": d["mention"],
                "montant_taxe": d["montant_taxe"],
                "autorise_travail": d["autorise_travail"],
            }
        return {
            "sens": d["sens"],
            "motifs_refus": d["motifs_refus"],
            "document_refus": self.verdict.contenu,
        }


# --- Signer, renvoyer, clôturer ---------------------------------------------------------------


def decision_proposee(demande: Demande) -> Decision | None:
    return (
        Decision.objects.filter(demande=demande, statut=StatutDecision.PROPOSEE)
        .select_related("proposee_par")
        .first()
    )


class SignatureForm(ActionForm):
    """Nothing to type: the page shows the proposal; the button signs it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision_proposee(self.demande)


class RenvoiForm(SignatureForm):
    commentaire = _texte(
        _("Commentaire pour l'instructeur"),
        requis_message=_("Écrivez un commentaire pour l'instructeur."),
        help_text=_("Ce qui doit être revu dans la proposition."),
    )


class ClotureForm(ActionForm):
    motif = _texte(
        _("Motif de la clôture"),
        requis_message=_("Indiquez le motif de la clôture."),
        help_text=_(
            "L'usager le lira dans sa notification de clôture : la demande est incomplète."
        ),
    )


# --- Titre remis ------------------------------------------------------------------------------


class RemiseForm(ActionForm):
    numero_titre = forms.CharField(
        label=_("N° du titre remis"),
        help_text=_("Le numéro imprimé sur la carte"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Saisissez le numéro du titre remis.")},
    )
    numero_timbre = forms.CharField(
        label=_("N° du timbre fiscal électronique"),
        help_text=_("16 chiffres ; les timbres fiscaux papier ne sont pas acceptés"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={"required": _("Saisissez le numéro du timbre fiscal électronique.")},
    )
    montant_timbre = _montant(
        _("Montant acquitté (€)"), requis_message=_("Indiquez le montant acquitté.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        signee = Decision.objects.filter(demande=self.demande, statut=StatutDecision.SIGNEE).first()
        if signee is not None and signee.montant_taxe is not None:
            self.initial.setdefault("montant_timbre", signee.montant_taxe)

    def clean_numero_titre(self):
        numero = re.sub(r"\s+", "", self.cleaned_data["numero_titre"]).upper()
        if not numero.isalnum():
            raise forms.ValidationError(_("Le numéro ne contient que des chiffres et des lettres."))
        return numero

    def clean_numero_timbre(self):
        numero = self.cleaned_data["numero_timbre"].replace(" ", "")
        if len(numero) != 16 or not numero.isascii() or not numero.isdigit():
            raise forms.ValidationError(TIMBRE_16_CHIFFRES)
        return numero
