from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TypeAttestation(models.TextChoices):
    """The three signed documents, with their 2D-DOC `6J` value and MRZ nature."""

    DEPOT = "depot", _("Confirmation de dépôt")
    PROLONGATION = "prolongation", _("Attestation de prolongation d'instruction")
    DECISION_FAVORABLE = "decision_favorable", _("Attestation de décision favorable")


CODE_6J = {
    TypeAttestation.DEPOT: "1",
    TypeAttestation.PROLONGATION: "2",
    TypeAttestation.DECISION_FAVORABLE: "3",
}
NATURE_MRZ = {
    TypeAttestation.DEPOT: "DEP",
    TypeAttestation.PROLONGATION: "ADP",
    TypeAttestation.DECISION_FAVORABLE: "ADF",
}


def chemin_fichier(instance: "Attestation", filename: str) -> str:
    return f"attestations/{instance.demande_id}/{filename}"


class Attestation(models.Model):
    """One version of a generated attestation. Immutable once rendered: the PDF is stored once
    with its SHA-256; a correction is a new row with the next version, never an overwrite.

    `donnees` keeps what the document certifies (the texts' variables and the 2D-DOC fields), so
    the same bytes can be explained — and re-rendered — without reading the request again.
    """

    demande = models.ForeignKey(
        "demandes.Demande",
        on_delete=models.PROTECT,
        related_name="attestations",
        verbose_name=_("demande"),
    )
    type = models.CharField(_("type"), max_length=30, choices=TypeAttestation.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    donnees = models.JSONField(_("données certifiées"), default=dict)
    emise_le = models.DateField(_("date d'émission"))
    valide_du = models.DateField(_("début de validité"), null=True, blank=True)
    valide_au = models.DateField(_("fin de validité"), null=True, blank=True)
    nom_fichier = models.CharField(_("nom du fichier"), max_length=120)
    fichier = models.FileField(_("fichier PDF"), upload_to=chemin_fichier, blank=True)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    taille = models.PositiveIntegerField(_("taille (octets)"), null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créée par"),
    )
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)
    rendue_le = models.DateTimeField(_("générée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["demande", "type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["demande", "type", "version"], name="attestation_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="attestation_version_positive"
            ),
            # Rendered means: a file, its fingerprint and its size, all three or none.
            models.CheckConstraint(
                condition=(
                    models.Q(rendue_le__isnull=True, sha256="", fichier="")
                    | (
                        models.Q(rendue_le__isnull=False, taille__isnull=False)
                        & ~models.Q(sha256="")
                        & ~models.Q(fichier="")
                    )
                ),
                name="attestation_rendue_complete",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} v{self.version} — {self.demande}"

    @property
    def disponible(self) -> bool:
        return self.rendue_le is not None
