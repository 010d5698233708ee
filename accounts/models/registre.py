"""The registry of issued documents: what the real service reads from the national database."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.regles import duree_validite
from anef.historique import Historique


class Prefecture(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    nom = models.CharField(_("nom"), max_length=120)
    ville = models.CharField(_("ville"), max_length=80)
    history = Historique()

    class Meta:
        verbose_name = _("préfecture")
        verbose_name_plural = _("préfectures")
        ordering = ["code"]

    def __str__(self):
        return self.nom


class Departement(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    nom = models.CharField(_("nom"), max_length=80)
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="departements",
        verbose_name=_("préfecture compétente"),
    )
    history = Historique()

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.nom}"


class NatureDocument(models.TextChoices):
    TITRE_SEJOUR = "titre_sejour", _("Titre de séjour")
    VLS_TS = "vls_ts", _("VLS-TS")
    VISA = "visa", _("Visa long séjour")


class Sexe(models.TextChoices):
    FEMININ = "F", _("Féminin")
    MASCULIN = "M", _("Masculin")
    INDETERMINE = "X", _("Indéterminé")


class DocumentSejour(models.Model):
    """A titre de séjour, VLS-TS or visa as issued, with its holder's état civil."""

    numero = models.CharField(_("numéro du document"), max_length=20, unique=True)
    nature = models.CharField(_("nature"), max_length=20, choices=NatureDocument.choices)
    numero_etranger = models.CharField(_("N° étranger"), max_length=10, blank=True, db_index=True)
    nom_naissance = models.CharField(_("nom de naissance"), max_length=100)
    prenoms = models.CharField(_("prénom(s)"), max_length=150)
    sexe = models.CharField(_("sexe"), max_length=1, choices=Sexe.choices)
    date_naissance = models.DateField(_("date de naissance"))
    pays_naissance = CountryField(_("pays de naissance"))
    lieu_naissance = models.CharField(_("lieu de naissance"), max_length=100)
    nationalite = CountryField(_("nationalité"))
    type_titre = models.CharField(_("type de titre"), max_length=100, blank=True)
    motif = models.CharField(_("motif"), max_length=100)
    mention = models.CharField(_("mention"), max_length=150, blank=True)
    date_debut_validite = models.DateField(_("début de validité"))
    date_fin_validite = models.DateField(_("fin de validité"))
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("préfecture de délivrance"),
    )
    mis_a_jour_le = models.DateTimeField(_("mis à jour le"), auto_now=True)
    history = Historique(excluded_fields=["mis_a_jour_le"])

    class Meta:
        verbose_name = _("document de séjour délivré")
        verbose_name_plural = _("registre des documents délivrés")
        ordering = ["-date_fin_validite"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_fin_validite__gte=models.F("date_debut_validite")),
                name="document_validite_ordonnee",
            ),
        ]

    def __str__(self):
        return f"{self.get_nature_display()} {self.numero}"

    @property
    def duree_validite(self) -> str:
        return duree_validite(self.date_debut_validite, self.date_fin_validite)

    @property
    def connexion_par_email(self) -> bool:
        """The holder's account logs in with its e-mail address: a visa, or a document issued
        without a N° étranger; otherwise the N° étranger is the identifier."""
        return self.nature == NatureDocument.VISA or not self.numero_etranger

    def est_valide(self, le: date) -> bool:
        return self.date_debut_validite <= le <= self.date_fin_validite
