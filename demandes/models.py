from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EtatDemande(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    DEPOSEE = "deposee", _("Dépôt de la demande")
    EN_INSTRUCTION = "en_instruction", _("Instruction en cours")
    DECISION_STATUEE = "decision_statuee", _("Décision statuée")
    TITRE_DISPONIBLE = "titre_disponible", _("Titre de séjour disponible")
    CLOTUREE = "cloturee", _("Demande clôturée")


# The applicant's progress bar (SPEC §3): each stage, in order.
ETAPES_SUIVI = [
    EtatDemande.DEPOSEE,
    EtatDemande.EN_INSTRUCTION,
    EtatDemande.DECISION_STATUEE,
    EtatDemande.TITRE_DISPONIBLE,
]


class Demande(models.Model):
    """A residence-permit request; a draft (BROUILLON) until it is deposited."""

    usager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="demandes",
        verbose_name=_("usager"),
    )
    numero = models.CharField(
        _("N° de la demande"), max_length=19, unique=True, null=True, blank=True
    )
    motif = models.CharField(_("motif"), max_length=60)
    type_demande = models.CharField(_("type de demande"), max_length=200)
    etat = models.CharField(
        _("état"), max_length=20, choices=EtatDemande.choices, default=EtatDemande.BROUILLON
    )
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)
    deposee_le = models.DateTimeField(_("déposée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        ordering = ["-cree_le"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(etat="brouillon")
                | (models.Q(numero__isnull=False) & models.Q(deposee_le__isnull=False)),
                name="demande_deposee_a_numero_et_date",
            ),
            models.UniqueConstraint(
                fields=["usager"],
                condition=models.Q(etat="brouillon"),
                name="un_brouillon_par_usager",
            ),
        ]

    def __str__(self):
        return self.numero or f"Brouillon {self.pk}"

    @property
    def etape_suivi(self) -> int:
        """1-based index of the current stage in ETAPES_SUIVI (0 for a draft or closed request)."""
        try:
            return ETAPES_SUIVI.index(self.etat) + 1
        except ValueError:
            return 0
