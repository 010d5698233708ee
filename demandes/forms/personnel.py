"""Step 1 — Informations personnelles (every motif)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from anef.forms import TelephonePortableField
from demandes.catalogue import conditions
from demandes.catalogue.options import (
    NATIONALITES_CONJOINT,
    SITUATIONS_EN_COUPLE,
    SITUATIONS_FAMILIALES,
    SITUATIONS_SEUL,
)
from demandes.forms.base import EtapeForm, oui_non


class PersonnelForm(EtapeForm):
    nom_usage = forms.CharField(label=_("Nom d'usage"), max_length=38, required=False)
    situation_familiale = forms.ChoiceField(
        label=_("Quelle est votre situation familiale actuelle ?"),
        choices=[("", "—")] + SITUATIONS_FAMILIALES,
        # anef.js answers « Oui » to the couple question for these (it can still be changed).
        widget=forms.Select(attrs={"data-en-couple": " ".join(sorted(SITUATIONS_EN_COUPLE))}),
    )
    en_couple = oui_non(_("Etes-vous marié, pacsé ou en concubinage ?"))
    conjoint_nationalite = forms.ChoiceField(
        label=_("Quelle est la nationalité de votre conjoint(e) ?"),
        choices=NATIONALITES_CONJOINT,
        widget=forms.RadioSelect,
        required=False,
    )
    enfants_en_france = oui_non(_("Avez-vous des enfants en France ?"))
    enfant_francais = oui_non(
        _("L'un des enfants est-il de nationalité française ?"), required=False
    )
    adresse_recherche = forms.CharField(
        label=_("Rechercher votre adresse"),
        required=False,
        max_length=200,
        help_text=_(
            "Saisissez votre adresse puis choisissez-la dans la liste, ou remplissez les champs "
            "ci-dessous."
        ),
        widget=forms.TextInput(attrs={"list": "adresses-suggestions", "autocomplete": "off"}),
    )
    numero_voie = forms.CharField(label=_("Numéro de voie"), max_length=10, required=False)
    voie = forms.CharField(label=_("Voie"), max_length=150)
    complement = forms.CharField(label=_("Complément d'adresse"), max_length=150, required=False)
    code_postal = forms.CharField(label=_("Code postal"), max_length=5)
    ville = forms.CharField(label=_("Ville"), max_length=100)
    pays = forms.CharField(label=_("Pays"), max_length=60, initial="France", disabled=True)
    code_insee = forms.CharField(label=_("Code INSEE"), max_length=5, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254)
    telephone = TelephonePortableField(
        help_text=_("La saisie d'un numéro de portable est obligatoire. Ex : 06 12 34 56 78"),
    )

    autocomplete = {
        "nom_usage": "family-name",
        "voie": "address-line1",
        "complement": "address-line2",
        "code_postal": "postal-code",
        "ville": "address-level2",
        "pays": "country-name",
        "email": "email",
        "telephone": "tel",
    }
    sections = [
        (None, ["nom_usage", "mineur_emancipe"]),
        (_("Situation familiale"), ["situation_familiale"]),
        (
            _("Liens personnels et familiaux en France"),
            ["en_couple", "conjoint_nationalite", "enfants_en_france", "enfant_francais"],
        ),
        (
            _("Adresse"),
            [
                "adresse_recherche",
                "numero_voie",
                "voie",
                "complement",
                "code_postal",
                "ville",
                "pays",
                "code_insee",
            ],
        ),
        (_("Informations de contact"), ["email", "telephone"]),
    ]
    # The search needs JavaScript: without it the field stays hidden (the address is typed
    # field by field).
    champs_avec_js = {"adresse_recherche"}
    conditions = {
        "conjoint_nationalite": ("en_couple", "oui"),
        "enfant_francais": ("enfants_en_france", "oui"),
    }

    def clean_code_postal(self):
        code = self.cleaned_data["code_postal"].strip()
        if not re.fullmatch(r"\d{5}", code):
            raise forms.ValidationError(_("Le code postal comporte 5 chiffres."))
        return code

    def clean_code_insee(self):
        code = self.cleaned_data["code_insee"].strip().upper()
        if code and not re.fullmatch(r"[0-9][0-9AB][0-9]{3}", code):
            raise forms.ValidationError(
                _("Le code INSEE comporte 5 caractères, par exemple 59350.")
            )
        return code

    def clean(self):
        cleaned = super().clean()
        self.require_if(cleaned, cleaned.get("en_couple") == "oui", "conjoint_nationalite")
        self.require_if(cleaned, cleaned.get("enfants_en_france") == "oui", "enfant_francais")
        situation = cleaned.get("situation_familiale")
        if situation and cleaned.get("en_couple") == "non" and situation in SITUATIONS_EN_COUPLE:
            self.add_error(
                "en_couple",
                _("Votre situation familiale indique que vous êtes en couple : répondez « Oui »."),
            )
        elif situation in SITUATIONS_SEUL and cleaned.get("en_couple") == "oui":
            self.add_error(
                "en_couple",
                _(
                    "Votre situation familiale indique que vous n'êtes pas en couple : répondez "
                    "« Non » ou modifiez votre situation familiale."
                ),
            )
        cleaned.pop("adresse_recherche", None)
        cleaned["pays"] = "France"
        return cleaned


class PersonnelAseForm(PersonnelForm):
    """The ASE procedure asks minors whether they are emancipated (it changes the attestations
    and the documents), and asks about dependent children instead of children in France."""

    mineur_emancipe = forms.BooleanField(
        label=_("Je suis un mineur (+16 ans) émancipé"), required=False
    )
    field_order = ["nom_usage", "mineur_emancipe"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Emancipation only concerns minors: an adult is not asked (and cannot claim it).
        if self.saisie is not None and not conditions.est_mineur(self.saisie):
            del self.fields["mineur_emancipe"]
