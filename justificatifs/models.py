import calendar
import datetime
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from anef.historique import Historique
from justificatifs.validation import EXTENSIONS

EPHOTO_VALIDITE_MOIS = 6


def chemin_fichier(instance: "Fichier", filename: str) -> str:
    """A random storage name: nothing of the user's name, the extension of the detected type."""
    return f"justificatifs/{uuid.uuid4().hex}.{EXTENSIONS[instance.type_mime]}"


class Fichier(models.Model):
    """A file attached to an item (pièce) of a request's Justificatifs step.

    The stored object has a random name and is only served through `justificatifs:telecharger`,
    which checks who asks; `nom` is the user's file name, cleaned, for display only."""

    demande = models.ForeignKey(
        "demandes.Demande",
        on_delete=models.CASCADE,
        related_name="fichiers",
        verbose_name=_("demande"),
    )
    piece = models.CharField(_("pièce justificative"), max_length=60)
    fichier = models.FileField(_("fichier"), upload_to=chemin_fichier, max_length=200)
    nom = models.CharField(_("nom du fichier"), max_length=150)
    taille = models.PositiveIntegerField(_("taille (octets)"))
    type_mime = models.CharField(
        _("type"), max_length=40, choices=[(mime, mime) for mime in EXTENSIONS]
    )
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    depose_le = models.DateTimeField(_("déposé le"), auto_now_add=True)
    # A new version sent in answer to a complement; the files it replaces stay, so that the
    # agent sees both. Empty for the files of the deposit.
    element_complement = models.ForeignKey(
        "instruction.ElementComplement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fichiers",
        verbose_name=_("réponse à un complément"),
    )

    class Meta:
        verbose_name = _("fichier justificatif")
        verbose_name_plural = _("fichiers justificatifs")
        ordering = ["depose_le", "pk"]
        indexes = [models.Index(fields=["demande", "piece"], name="fichier_demande_piece")]

    def __str__(self):
        return self.nom

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.type_mime]


class EPhoto(models.Model):
    """A photo-and-signature code from an approved booth or photographer (filled in by ops).

    Usable for one request only (`demande`, unique) and for 6 months after the shot."""

    code = models.CharField(_("numéro ephoto"), max_length=22, unique=True)
    prise_le = models.DateField(_("date de la prise de vue"))
    demande = models.OneToOneField(
        "demandes.Demande",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ephoto",
        verbose_name=_("demande qui l'utilise"),
    )
    reservee_le = models.DateTimeField(_("utilisée depuis le"), null=True, blank=True)
    history = Historique()

    class Meta:
        verbose_name = _("e-photo")
        verbose_name_plural = _("e-photos")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z0-9]{22}$"),
                name="ephoto_code_22_majuscules_ou_chiffres",
            ),
            models.CheckConstraint(
                condition=models.Q(demande__isnull=True, reservee_le__isnull=True)
                | models.Q(demande__isnull=False, reservee_le__isnull=False),
                name="ephoto_reservee_avec_date",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def valable_jusqu_au(self) -> datetime.date:
        return ajouter_mois(self.prise_le, EPHOTO_VALIDITE_MOIS)

    def est_valable(self, le: datetime.date) -> bool:
        return le <= self.valable_jusqu_au

    @property
    def code_groupe(self) -> str:
        """ "0000 - 0000 - 0000 - 0000 - 0000 - 00", as the récapitulatif shows it."""
        return " - ".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


def ajouter_mois(date: datetime.date, mois: int) -> datetime.date:
    """The same day `mois` months later (the month's last day when it has fewer days)."""
    index = date.month - 1 + mois
    annee, mois_cible = date.year + index // 12, index % 12 + 1
    return date.replace(
        year=annee,
        month=mois_cible,
        day=min(date.day, calendar.monthrange(annee, mois_cible)[1]),
    )


class Consultation(models.Model):
    """An agent opened an attached file from the back office (the audit of who read what)."""

    fichier = models.ForeignKey(
        Fichier, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("fichier")
    )
    agent = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="consultations_fichiers",
        verbose_name=_("agent"),
    )
    consulte_le = models.DateTimeField(_("ouvert le"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation de fichier")
        verbose_name_plural = _("consultations de fichiers")
        ordering = ["-consulte_le", "-pk"]

    def __str__(self):
        return f"{self.agent_id} → {self.fichier_id}"
