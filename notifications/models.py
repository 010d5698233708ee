from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class StatutLivraison(models.TextChoices):
    A_ENVOYER = "a_envoyer", _("À envoyer")
    ENVOYE = "envoye", _("Envoyé")
    ECHEC = "echec", _("En échec (nouvel essai programmé)")
    # Failed LIVRAISON_TENTATIVES_MAX times: no more automatic tries, an administrator relaunches.
    ECHEC_DEFINITIF = "echec_definitif", _("Échec définitif")


StatutCourriel = StatutLivraison


class Courriel(models.Model):
    """An outgoing e-mail, stored before it is handed to the worker so it is never lost."""

    destinataire = models.EmailField(_("destinataire"))
    # Idempotency key of the event that sends it (e.g. "depot:42"): one mail per event.
    cle = models.CharField(_("clé d'unicité"), max_length=80, null=True, blank=True, unique=True)
    modele = models.CharField(_("modèle"), max_length=80)
    sujet = models.CharField(_("sujet"), max_length=200)
    texte = models.TextField(_("texte"))
    html = models.TextField(_("HTML"))
    # Primary keys of attestations (attestations app) attached as PDFs when the mail is sent.
    pieces_jointes = models.JSONField(_("pièces jointes"), default=list, blank=True)
    statut = models.CharField(
        _("statut"),
        max_length=16,
        choices=StatutCourriel.choices,
        default=StatutCourriel.A_ENVOYER,
    )
    tentatives = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    derniere_erreur = models.CharField(_("dernière erreur"), max_length=200, blank=True)
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    envoye_le = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("courriel")
        verbose_name_plural = _("courriels")
        indexes = [models.Index(fields=["statut", "cree_le"])]

    def __str__(self):
        return f"{self.modele} #{self.pk}"


class Sms(models.Model):
    """An outgoing SMS, stored in the transaction of its event and sent by a worker (like a
    Courriel). The text never carries personal data beyond the first name."""

    destinataire = models.CharField(_("destinataire"), max_length=20)
    cle = models.CharField(_("clé d'unicité"), max_length=80, unique=True)
    modele = models.CharField(_("modèle"), max_length=80)
    texte = models.TextField(_("texte"))
    statut = models.CharField(
        _("statut"),
        max_length=16,
        choices=StatutLivraison.choices,
        default=StatutLivraison.A_ENVOYER,
    )
    tentatives = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    derniere_erreur = models.CharField(_("dernière erreur"), max_length=200, blank=True)
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    envoye_le = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("SMS")
        verbose_name_plural = _("SMS")
        indexes = [models.Index(fields=["statut", "cree_le"])]

    def __str__(self):
        return f"{self.modele} #{self.pk}"


class DocumentJoint(models.TextChoices):
    AUCUN = "", _("Aucun")
    ATTESTATION = "attestation", _("Attestation de la demande")
    REFUS = "refus", _("Décision de refus")


class TypeNotification(models.TextChoices):
    CONFIRMATION_DEPOT = "confirmation_depot", _("Confirmation de dépôt")
    DEMANDE_COMPLEMENT = "demande_complement", _("Demande de complément")
    PROLONGATION_INSTRUCTION = (
        "prolongation_instruction",
        _("Notification de prolongation de l'instruction"),
    )
    DECISION = "decision", _("Notification de décision")
    CLOTURE = "cloture", _("Notification de clôture de la demande")
    TITRE_DISPONIBLE = "titre_disponible", _("Titre de séjour disponible")
    # Added by the schedules (instruction.echeances): a complement not opened after 7 days, or
    # not answered 7 days before its due date.
    RAPPEL_COMPLEMENT = "rappel_complement", _("Rappel : demande de complément")


class Notification(models.Model):
    """A message in the applicant's personal space ("Mes notifications")."""

    usager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("usager"),
    )
    type = models.CharField(_("type"), max_length=30, choices=TypeNotification.choices)
    demande = models.ForeignKey(
        "demandes.Demande",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("demande"),
    )
    domaine = models.CharField(_("domaine"), max_length=20, default="SEJOUR")
    titre = models.CharField(_("titre"), max_length=200)
    message = models.TextField(_("message"))
    cree_le = models.DateTimeField(_("date"), auto_now_add=True)
    lue_le = models.DateTimeField(_("lue le"), null=True, blank=True)
    repondue_le = models.DateTimeField(_("répondue le"), null=True, blank=True)
    signature = models.TextField(_("signature"), blank=True)
    # The document offered for download: an attestation (confirmation, ADP, ADF) or the
    # request's refusal decision (served by instruction:document_refus).
    document = models.CharField(
        _("document joint"), max_length=12, choices=DocumentJoint.choices, blank=True
    )
    attestation = models.ForeignKey(
        "attestations.Attestation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attestation jointe"),
    )
    # What the notification is about (« decision:42 »): a replay finds it instead of a twin.
    cle = models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["usager", "lue_le"])]
        constraints = [
            models.UniqueConstraint(
                fields=["demande", "type"],
                condition=models.Q(type="confirmation_depot"),
                name="une_confirmation_de_depot_par_demande",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} ({self.cree_le:%d/%m/%Y})"

    @property
    def lien(self) -> str:
        """Its detail page, per the registry (a type can have its own page)."""
        # registre imports this module (its entries name TypeNotification).
        from notifications.registre import URL_DETAIL

        return reverse(URL_DETAIL.get(self.type, "notifications:detail"), args=[self.pk])
