"""What agents add to a deposited request: complements asked, decisions proposed and signed,
the card's delivery, internal notes. The request's state itself belongs to `demandes`."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from demandes.models import SensDecision


class StatutComplement(models.TextChoices):
    EN_ATTENTE = "en_attente", _("En attente de réponse")
    REPONDU = "repondu", _("Répondu")
    EXPIRE = "expire", _("Délai expiré")


# The applicant answers within 30 days of opening the complement's notification
# (docs/instruction.md).
DELAI_REPONSE = datetime.timedelta(days=30)


class Complement(models.Model):
    """A « Demande de complément »: the documents an agent asks the applicant to provide again.

    The 30-day delay starts when the applicant first opens its notification (`accuse_le`)."""

    demande = models.ForeignKey(
        "demandes.Demande",
        on_delete=models.PROTECT,
        related_name="complements",
        verbose_name=_("demande"),
    )
    statut = models.CharField(
        _("statut"),
        max_length=12,
        choices=StatutComplement.choices,
        default=StatutComplement.EN_ATTENTE,
    )
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    demande_le = models.DateTimeField(_("demandé le"))
    accuse_le = models.DateTimeField(_("pris connaissance le"), null=True, blank=True)
    repondu_le = models.DateTimeField(_("répondu le"), null=True, blank=True)
    message_usager = models.TextField(_("message à l'agent"), blank=True)

    class Meta:
        verbose_name = _("demande de complément")
        verbose_name_plural = _("demandes de complément")
        ordering = ["demande", "-demande_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["demande"],
                condition=Q(statut="en_attente"),
                name="un_complement_en_attente_par_demande",
            ),
            models.CheckConstraint(
                condition=Q(statut="repondu", repondu_le__isnull=False)
                | (~Q(statut="repondu") & Q(repondu_le__isnull=True)),
                name="complement_repondu_a_une_date",
            ),
        ]

    def __str__(self):
        return f"{self.demande} : {self.get_statut_display()}"

    @property
    def echeance(self) -> datetime.datetime | None:
        """The last moment of the delay (None until the applicant has opened the request)."""
        return self.accuse_le + DELAI_REPONSE if self.accuse_le else None

    def delai_depasse(self, maintenant: datetime.datetime) -> bool:
        return self.echeance is not None and maintenant > self.echeance


class MotifComplement(models.TextChoices):
    """The three lists of the complement's notification (« Les documents mentionnés ci-dessous
    … »): missing, unreadable, not valid."""

    MANQUANT = "manquant", _("Manquant")
    NON_LISIBLE = "non_lisible", _("Non lisible")
    NON_VALIDE = "non_valide", _("Non valide")


class ReponseComplement(models.TextChoices):
    MAINTENIR = "maintenir", _("Maintenir le Document")
    METTRE_A_JOUR = "mettre_a_jour", _("Mettre à jour le Document")


class ElementComplement(models.Model):
    """One document of a complement: which piece, why, and (later) the applicant's answer."""

    complement = models.ForeignKey(
        Complement,
        on_delete=models.CASCADE,
        related_name="elements",
        verbose_name=_("demande de complément"),
    )
    piece = models.CharField(_("pièce justificative"), max_length=60)
    libelle = models.CharField(_("libellé"), max_length=200)
    motif = models.CharField(_("motif"), max_length=12, choices=MotifComplement.choices)
    observation = models.TextField(_("observations"))
    reponse = models.CharField(
        _("réponse"), max_length=14, choices=ReponseComplement.choices, blank=True
    )
    raison_maintien = models.TextField(_("raisons du maintien"), blank=True)

    class Meta:
        verbose_name = _("document demandé")
        verbose_name_plural = _("documents demandés")
        ordering = ["complement", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["complement", "piece"], name="un_element_par_piece_et_complement"
            ),
            models.CheckConstraint(
                condition=~Q(reponse="maintenir") | ~Q(raison_maintien=""),
                name="element_maintenu_a_une_raison",
            ),
        ]

    def __str__(self):
        return f"{self.libelle} ({self.get_motif_display()})"


class StatutDecision(models.TextChoices):
    PROPOSEE = "proposee", _("Proposée")
    RENVOYEE = "renvoyee", _("Renvoyée à l'instructeur")
    SIGNEE = "signee", _("Signée")


class TypeCarte(models.TextChoices):
    TEMPORAIRE = "carte_temporaire", _("carte de séjour temporaire")
    PLURIANNUELLE = "carte_pluriannuelle", _("carte de séjour pluriannuelle")
    RESIDENT = "carte_resident", _("carte de résident")
    APS = "aps", _("autorisation provisoire de séjour")


def chemin_decision(instance: "Decision", filename: str) -> str:
    return f"decisions/{instance.demande_id}/{uuid.uuid4().hex}.pdf"


class Decision(models.Model):
    """A decision proposed by an instructeur and signed by a valideur (another person), or sent
    back with a comment. A favourable one carries the card; an unfavourable one its reasons and
    the signed refusal the prefecture uploaded."""

    demande = models.ForeignKey(
        "demandes.Demande",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("demande"),
    )
    sens = models.CharField(_("sens"), max_length=12, choices=SensDecision.choices)
    statut = models.CharField(
        _("statut"), max_length=10, choices=StatutDecision.choices, default=StatutDecision.PROPOSEE
    )
    type_carte = models.CharField(
        _("type de titre"), max_length=24, choices=TypeCarte.choices, blank=True
    )
    date_debut = models.DateField(_("valable du"), null=True, blank=True)
    date_fin = models.DateField(_("valable au"), null=True, blank=True)
    mention = models.CharField(_("mention"), max_length=150, blank=True)
    montant_taxe = models.DecimalField(
        _("montant des taxes (€)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    autorise_travail = models.BooleanField(_("autorise à travailler"), default=False)
    motifs_refus = models.TextField(_("motifs du refus"), blank=True)
    document_refus = models.FileField(
        _("décision de refus signée (PDF)"), upload_to=chemin_decision, blank=True, max_length=200
    )
    document_refus_sha256 = models.CharField(max_length=64, blank=True)
    proposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposée par"),
    )
    proposee_le = models.DateTimeField(_("proposée le"))
    signee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signée par"),
    )
    signee_le = models.DateTimeField(_("signée le"), null=True, blank=True)
    commentaire_renvoi = models.TextField(_("commentaire du valideur"), blank=True)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["demande", "-proposee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["demande"],
                condition=Q(statut__in=["proposee", "signee"]),
                name="une_decision_active_par_demande",
            ),
            # Four eyes: the signer is never the one who proposed.
            models.CheckConstraint(
                condition=(
                    Q(statut="signee", signee_par__isnull=False, signee_le__isnull=False)
                    & ~Q(signee_par=F("proposee_par"))
                )
                | (~Q(statut="signee") & Q(signee_par__isnull=True, signee_le__isnull=True)),
                name="decision_signee_par_un_autre_agent",
            ),
            models.CheckConstraint(
                condition=(
                    Q(sens="favorable")
                    & ~Q(type_carte="")
                    & Q(date_debut__isnull=False, date_fin__gte=F("date_debut"))
                    & Q(montant_taxe__gte=0)
                )
                | (Q(sens="defavorable") & ~Q(motifs_refus="") & ~Q(document_refus="")),
                name="decision_complete_selon_sens",
            ),
            models.CheckConstraint(
                condition=~Q(statut="renvoyee") | ~Q(commentaire_renvoi=""),
                name="decision_renvoyee_a_un_commentaire",
            ),
        ]

    def __str__(self):
        return f"{self.demande} : {self.get_sens_display()} ({self.get_statut_display()})"


class Remise(models.Model):
    """The card handed to its holder, against an electronic fiscal stamp (never a paper one)."""

    demande = models.OneToOneField(
        "demandes.Demande",
        on_delete=models.PROTECT,
        related_name="remise",
        verbose_name=_("demande"),
    )
    numero_timbre = models.CharField(_("N° du timbre fiscal électronique"), max_length=16)
    montant_timbre = models.DecimalField(_("montant acquitté (€)"), max_digits=7, decimal_places=2)
    titre = models.OneToOneField(
        "accounts.DocumentSejour",
        on_delete=models.PROTECT,
        related_name="remise",
        verbose_name=_("titre remis"),
    )
    remis_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    remis_le = models.DateTimeField(_("remis le"))

    class Meta:
        verbose_name = _("remise du titre")
        verbose_name_plural = _("remises de titres")
        constraints = [
            models.CheckConstraint(
                condition=Q(numero_timbre__regex=r"^[0-9]{16}$"),
                name="timbre_electronique_16_chiffres",
            ),
            models.UniqueConstraint(fields=["numero_timbre"], name="timbre_utilise_une_fois"),
            models.CheckConstraint(
                condition=Q(montant_timbre__gte=0), name="montant_timbre_positif"
            ),
        ]

    def __str__(self):
        return f"{self.demande} : {self.titre}"


class NoteInterne(models.Model):
    """A note agents leave on a request; never shown to the applicant."""

    demande = models.ForeignKey(
        "demandes.Demande",
        on_delete=models.PROTECT,
        related_name="notes_internes",
        verbose_name=_("demande"),
    )
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    texte = models.TextField(_("note"))
    cree_le = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("note interne")
        verbose_name_plural = _("notes internes")
        ordering = ["demande", "cree_le", "pk"]

    def __str__(self):
        return f"{self.demande} : {self.texte[:40]}"
