from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts import selectors
from accounts.models.user import normaliser_identifiant
from accounts.passwords import POLICY_TEXT
from anef.forms import AnefForm, DateField, TelephonePortableField


class CreationCompteForm(AnefForm):
    numero = forms.CharField(
        label=_("N° de votre visa ou de votre titre de séjour"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": _("Ex : 9999999999"), "autocomplete": "off"}),
        error_messages={"required": _("Saisissez le numéro de votre visa ou titre de séjour.")},
    )
    date_debut = DateField(
        label=_("Date de début de validité"),
        error_messages={"required": _("Saisissez la date de début de validité.")},
    )
    date_fin = DateField(
        label=_("Date de fin de validité"),
        error_messages={"required": _("Saisissez la date de fin de validité.")},
    )

    def clean_numero(self):
        numero = self.cleaned_data["numero"].replace(" ", "").strip()
        if not numero.isalnum():
            raise forms.ValidationError(_("Le numéro ne contient que des chiffres et des lettres."))
        return numero.upper()


EMAIL_DEJA_UTILISE = _(
    "Cette adresse email ne peut pas être utilisée : elle est déjà associée à un compte. "
    "Saisissez une autre adresse."
)

IDENTIFIANT_ATTRS = {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}


class EmailConfirmationForm(AnefForm):
    email = forms.EmailField(
        label=_("Adresse email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Saisissez votre adresse email."),
            "invalid": _("Saisissez une adresse email valide, par exemple nom@exemple.fr."),
        },
    )
    email_confirmation = forms.EmailField(
        label=_("Confirmation de l'adresse email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Saisissez de nouveau votre adresse email."),
            "invalid": _("Saisissez une adresse email valide, par exemple nom@exemple.fr."),
        },
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if selectors.email_deja_utilise(email, sauf=self.user):
            raise forms.ValidationError(EMAIL_DEJA_UTILISE)
        return email

    def clean_email_confirmation(self):
        confirmation = self.cleaned_data["email_confirmation"].strip().lower()
        if "email" in self.cleaned_data and confirmation != self.cleaned_data["email"]:
            raise forms.ValidationError(_("Les deux adresses email ne sont pas identiques."))
        return confirmation


class MotDePasseConfirmeMixin:
    """A new password typed twice (fields `password`, `password_confirmation`), checked against
    the password policy for `user`: the applicants' forms and the agents' enrolment link."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, self.user)
        return password

    def clean_password_confirmation(self):
        confirmation = self.cleaned_data["password_confirmation"]
        if "password" in self.cleaned_data and confirmation != self.cleaned_data["password"]:
            raise forms.ValidationError(_("Les deux mots de passe ne sont pas identiques."))
        return confirmation


class NouveauMotDePasseForm(MotDePasseConfirmeMixin, AnefForm):
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        help_text=POLICY_TEXT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        error_messages={"required": _("Saisissez un mot de passe.")},
    )
    password_confirmation = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        error_messages={"required": _("Saisissez de nouveau le mot de passe.")},
    )


class ChangementMotDePasseForm(NouveauMotDePasseForm):
    current_password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Saisissez votre mot de passe actuel.")},
    )
    field_order = ["current_password", "password", "password_confirmation"]

    def clean_current_password(self):
        current = self.cleaned_data["current_password"]
        if not self.user.check_password(current):
            raise forms.ValidationError(_("Le mot de passe actuel est incorrect."))
        return current


class ConnexionForm(AnefForm):
    identifiant = forms.CharField(
        label=_("Identifiant"),
        max_length=254,
        help_text=_(
            "Votre identifiant de connexion est votre N° Etranger, si vous n'en avez pas, "
            "votre adresse mail."
        ),
        widget=forms.TextInput(attrs={**IDENTIFIANT_ATTRS, "placeholder": "Ex : 9999999999"}),
        error_messages={"required": _("Saisissez votre identifiant.")},
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Saisissez votre mot de passe.")},
    )

    def clean_identifiant(self):
        return normaliser_identifiant(self.cleaned_data["identifiant"])


class MotDePasseOublieForm(AnefForm):
    identifiant = forms.CharField(
        label=_("Identifiant"),
        max_length=254,
        widget=forms.TextInput(attrs=IDENTIFIANT_ATTRS),
        error_messages={"required": _("Saisissez votre identifiant.")},
    )

    def clean_identifiant(self):
        return normaliser_identifiant(self.cleaned_data["identifiant"])


class TelephoneForm(AnefForm):
    autocomplete = {"telephone": "tel"}

    telephone = TelephonePortableField(
        help_text=_("Format attendu : 06 12 34 56 78 ou +33 6 12 34 56 78"),
        error_messages={"required": _("Saisissez votre numéro de téléphone portable.")},
    )


class ChangementEmailForm(EmailConfirmationForm):
    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.user is not None and email == self.user.email.lower():
            raise forms.ValidationError(_("C'est déjà l'adresse email de votre compte."))
        return super().clean_email()
