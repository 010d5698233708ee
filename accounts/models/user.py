import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from accounts.models.registre import DocumentSejour, Prefecture
from anef.historique import Historique


def new_session_salt() -> str:
    return secrets.token_hex(16)


class StatutCompte(models.TextChoices):
    ACTIF = "actif", _("Actif")
    # Created from a visa only: identified by e-mail until instruction gives an N° étranger.
    EN_ATTENTE_NUMERO = "en_attente_numero", _("En attente du N° étranger")


def normaliser_identifiant(identifiant: str) -> str:
    """E-mail identifiers are stored in lower case, so any capitalisation of one logs in."""
    identifiant = (identifiant or "").strip()
    return identifiant.lower() if "@" in identifiant else identifiant


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(identifiant=normaliser_identifiant(username))

    def create_user(self, identifiant, password=None, **extra):
        if extra.get("email"):
            extra["email"] = extra["email"].strip().lower()
        user = self.model(identifiant=normaliser_identifiant(identifiant), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, identifiant, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(identifiant, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An applicant (login: N° étranger, or e-mail before one exists) or a prefecture agent."""

    identifiant = models.CharField(_("identifiant"), max_length=254, unique=True)
    email = models.EmailField(_("adresse email"), blank=True)
    email_en_attente = models.EmailField(_("nouvelle adresse email à confirmer"), blank=True)
    numero_etranger = models.CharField(
        _("N° étranger"), max_length=10, unique=True, null=True, blank=True
    )
    nom = models.CharField(_("nom"), max_length=100, blank=True)
    prenom = models.CharField(_("prénom"), max_length=150, blank=True)
    telephone = PhoneNumberField(_("téléphone portable"), blank=True)
    document = models.ForeignKey(
        DocumentSejour,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comptes",
        verbose_name=_("document ayant servi à la création"),
    )
    statut = models.CharField(
        _("statut"), max_length=20, choices=StatutCompte.choices, default=StatutCompte.ACTIF
    )
    doit_changer_mot_de_passe = models.BooleanField(
        _("mot de passe provisoire à changer"), default=False
    )
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agents",
        verbose_name=_("préfecture de l'agent"),
    )
    is_staff = models.BooleanField(_("agent (accès au back-office)"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("créé le"), default=timezone.now)
    session_salt = models.CharField(max_length=32, default=new_session_salt, editable=False)

    objects = UserManager()
    # Secrets and per-login bookkeeping stay out of the audit copies.
    history = Historique(excluded_fields=["password", "session_salt", "last_login"])

    USERNAME_FIELD = "identifiant"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        permissions = [
            ("gerer_agents", _("Gérer les agents de sa préfecture (administrateur local)")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                name="un_compte_par_document",
                condition=models.Q(document__isnull=False),
            ),
            # One mailbox, one account: a reset link must never land in another holder's box.
            models.UniqueConstraint(
                Lower("email"),
                name="email_unique_sans_casse",
                condition=~models.Q(email=""),
                violation_error_message=_("Cette adresse email est déjà utilisée."),
            ),
            models.CheckConstraint(
                condition=~models.Q(identifiant__contains="@")
                | models.Q(identifiant=Lower("identifiant")),
                name="identifiant_email_en_minuscules",
            ),
            models.CheckConstraint(
                condition=models.Q(is_staff=False)
                | models.Q(is_superuser=True)
                | models.Q(prefecture__isnull=False),
                name="agent_a_une_prefecture",
                violation_error_message=_("Un agent doit être rattaché à une préfecture."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.identifiant

    @classmethod
    def normalize_username(cls, username):
        return normaliser_identifiant(super().normalize_username(username))

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()
        if self.is_staff and not self.is_superuser and self.prefecture_id is None:
            raise ValidationError(
                {"prefecture": _("Un agent doit être rattaché à une préfecture.")}
            )

    def get_full_name(self) -> str:
        return f"{self.prenom} {self.nom}".strip()

    def get_short_name(self) -> str:
        return self.prenom

    def _get_session_auth_hash(self, secret=None):
        # The salt lets logout end every other session without touching the password.
        return salted_hmac(
            "accounts.User.session_auth_hash",
            self.password + self.session_salt,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()
