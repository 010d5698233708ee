from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from demandes.etats import (  # noqa: F401  (re-exported: the state's vocabulary)
    ETATS_A_INSTRUIRE,
    ETATS_DECIDES,
    ETATS_EN_COURS,
    ETATS_FAVORABLES,
    ETATS_PIECES_AJOUTABLES,
    STADES,
    EtatDemande,
    Stade,
    Transition,
    stade_de,
)


class SensDecision(models.TextChoices):
    FAVORABLE = "favorable", _("Favorable")
    DEFAVORABLE = "defavorable", _("Défavorable")


class PourQui(models.TextChoices):
    MOI = "moi", _("Moi-même (à partir de 16 ans)")
    MINEUR = "mineur", _("Un mineur de plus de 16 ans")


class Situation(models.TextChoices):
    TITRE = "titre", _("Et je suis titulaire d'un titre de séjour / VLS-TS")
    VISA = "visa", _("Et je suis titulaire uniquement d'un visa long séjour")
    NUMERO_SANS_TITRE = (
        "numero_sans_titre",
        _("Et je suis titulaire d'un numéro étranger sans titre de séjour"),
    )


class Demande(models.Model):
    """A residence-permit request; a draft (BROUILLON) until it is deposited.

    `saisie` holds the answers of each wizard step, keyed by step code, as the motif catalogue
    declares them (demandes/catalogue/).
    """

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
    renouvellement = models.BooleanField(_("renouvellement"), default=False)
    type_demande = models.CharField(_("type de demande"), max_length=200)
    pour_qui = models.CharField(
        _("pour qui"), max_length=10, choices=PourQui.choices, default=PourQui.MOI
    )
    situation = models.CharField(
        _("situation du demandeur"),
        max_length=20,
        choices=Situation.choices,
        default=Situation.TITRE,
    )
    document_actuel = models.ForeignKey(
        "accounts.DocumentSejour",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demandes",
        verbose_name=_("document de séjour actuel"),
    )
    etat = models.CharField(
        _("état"), max_length=20, choices=EtatDemande.choices, default=EtatDemande.BROUILLON
    )
    saisie = models.JSONField(_("saisie"), default=dict, blank=True)
    derniere_etape = models.CharField(_("dernière étape enregistrée"), max_length=40, blank=True)
    parties_validees = models.JSONField(_("parties du récapitulatif validées"), default=list)
    observations = models.TextField(_("observations à destination de l'administration"), blank=True)
    prefecture = models.ForeignKey(
        "accounts.Prefecture",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demandes",
        verbose_name=_("préfecture compétente"),
    )
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)
    modifiee_le = models.DateTimeField(_("modifiée le"), auto_now=True)
    deposee_le = models.DateTimeField(_("déposée le"), null=True, blank=True)
    etat_depuis = models.DateTimeField(_("dans cet état depuis"), null=True, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demandes_instruites",
        verbose_name=_("agent en charge"),
    )
    decision = models.CharField(
        _("décision"), max_length=12, choices=SensDecision.choices, blank=True
    )
    decision_le = models.DateTimeField(_("décision signée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        ordering = ["-cree_le"]
        permissions = [
            ("instruire_demande", _("Instruire les demandes (agent instructeur)")),
            ("signer_decision", _("Signer les décisions (valideur)")),
        ]
        indexes = [
            # The agents' queue: one prefecture, some states, by deposit date.
            models.Index(fields=["prefecture", "etat", "deposee_le"], name="demande_file_agents"),
            models.Index(fields=["agent", "etat"], name="demande_agent_etat"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(etat="brouillon")
                | (
                    models.Q(numero__isnull=False)
                    & models.Q(deposee_le__isnull=False)
                    & models.Q(prefecture__isnull=False)
                ),
                name="demande_deposee_a_numero_date_et_prefecture",
            ),
            models.UniqueConstraint(
                fields=["usager"],
                condition=models.Q(etat="brouillon"),
                name="un_brouillon_par_usager",
            ),
            models.UniqueConstraint(
                fields=["document_actuel", "motif"],
                condition=models.Q(etat__in=ETATS_EN_COURS),
                name="une_demande_en_cours_par_document_et_motif",
                violation_error_message=_(
                    "Une demande est déjà en cours pour ce titre de séjour et ce motif."
                ),
            ),
            # The decision fields exist exactly in the decision states.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        etat__in=ETATS_FAVORABLES,
                        decision=SensDecision.FAVORABLE,
                        decision_le__isnull=False,
                    )
                    | models.Q(
                        etat=EtatDemande.DECISION_DEFAVORABLE,
                        decision=SensDecision.DEFAVORABLE,
                        decision_le__isnull=False,
                    )
                    | (
                        ~models.Q(etat__in=ETATS_DECIDES)
                        & models.Q(decision="", decision_le__isnull=True)
                    )
                ),
                name="demande_decision_selon_etat",
            ),
        ]

    def __str__(self):
        return self.numero or f"Brouillon {self.pk}"

    @property
    def est_brouillon(self) -> bool:
        return self.etat == EtatDemande.BROUILLON

    @property
    def pieces_ajoutables(self) -> bool:
        """The applicant may attach or remove files in this state (the state table's
        ETATS_PIECES_AJOUTABLES)."""
        return self.etat in ETATS_PIECES_AJOUTABLES

    @property
    def est_refusee(self) -> bool:
        """A refusal was signed: its document is offered to the applicant."""
        return self.etat == EtatDemande.DECISION_DEFAVORABLE

    @property
    def stade(self) -> Stade | None:
        """The applicant's stage (None for a draft, a closed or a withdrawn request)."""
        return stade_de(self.etat)

    @property
    def etape_suivi(self) -> int:
        """1-based index of the current stage in STADES (0 when there is none)."""
        stade = self.stade
        return STADES.index(stade) + 1 if stade else 0


class CompteurDepot(models.Model):
    """Sequence of deposits per prefix (département + site + date) for the N° de la demande."""

    prefixe = models.CharField(max_length=12, primary_key=True)
    valeur = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("compteur de dépôts")
        verbose_name_plural = _("compteurs de dépôts")

    def __str__(self):
        return f"{self.prefixe}: {self.valeur}"


class Adresse(models.Model):
    """A reference address from the Base Adresse Nationale (filled by `import_ban`), offered as a
    suggestion at step 1. Manual entry stays possible for anything not in it."""

    numero = models.CharField(_("numéro"), max_length=10, blank=True)
    voie = models.CharField(_("voie"), max_length=150)
    code_postal = models.CharField(_("code postal"), max_length=5)
    code_insee = models.CharField(_("code INSEE"), max_length=5)
    commune = models.CharField(_("commune"), max_length=100)
    # Upper-case, unaccented "NUMERO VOIE CODE_POSTAL COMMUNE", searched by prefix.
    recherche = models.CharField(max_length=300, unique=True)

    class Meta:
        verbose_name = _("adresse de référence (BAN)")
        verbose_name_plural = _("adresses de référence (BAN)")
        indexes = [
            models.Index(
                fields=["recherche"],
                name="adresse_recherche_prefixe",
                opclasses=["varchar_pattern_ops"],
            )
        ]

    def __str__(self):
        return self.libelle

    @property
    def libelle(self) -> str:
        debut = f"{self.numero} {self.voie}".strip()
        return f"{debut} {self.code_postal} {self.commune}"


class HistoriqueEtat(models.Model):
    """One transition taken by a request: written by `transition_appliquer` in the transaction
    that changes the state, never edited."""

    demande = models.ForeignKey(
        Demande, on_delete=models.PROTECT, related_name="historique", verbose_name=_("demande")
    )
    transition = models.CharField(_("transition"), max_length=30, choices=Transition.choices)
    depuis = models.CharField(_("depuis"), max_length=20, choices=EtatDemande.choices)
    vers = models.CharField(_("vers"), max_length=20, choices=EtatDemande.choices)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    le = models.DateTimeField(_("le"))
    motif = models.TextField(_("motif"), blank=True)
    donnees = models.JSONField(_("données"), default=dict, blank=True)

    class Meta:
        verbose_name = _("changement d'état")
        verbose_name_plural = _("historique des états")
        ordering = ["demande", "le", "pk"]
        indexes = [models.Index(fields=["demande", "le"], name="historique_demande_le")]

    def __str__(self):
        return f"{self.demande} : {self.get_transition_display()}"


class StatutSuite(models.TextChoices):
    A_FAIRE = "a_faire", _("À faire")
    FAITE = "faite", _("Faite")


class SuiteDepot(models.Model):
    """What follows a deposit (notification, PDFs, e-mail), written in the deposit's own
    transaction: an outbox row that a worker carries out (`demandes.tasks.apres_depot`) and that
    the beat relay (`demandes.tasks.suites_relancer`) hands over again until it is done."""

    demande = models.OneToOneField(
        Demande, on_delete=models.CASCADE, related_name="suite_depot", verbose_name=_("demande")
    )
    statut = models.CharField(
        _("statut"), max_length=10, choices=StatutSuite.choices, default=StatutSuite.A_FAIRE
    )
    tentatives = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    derniere_erreur = models.CharField(_("dernière erreur"), max_length=200, blank=True)
    # When the last failed attempt ended: the relay leaves a failing row to its task's own
    # retries for a while instead of starting another chain of them every minute.
    echec_le = models.DateTimeField(_("dernier échec le"), null=True, blank=True)
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)
    faite_le = models.DateTimeField(_("faite le"), null=True, blank=True)

    class Meta:
        verbose_name = _("suite du dépôt")
        verbose_name_plural = _("suites des dépôts")
        indexes = [models.Index(fields=["statut", "cree_le"], name="suite_depot_statut_cree")]

    def __str__(self):
        return f"{self.demande} : {self.get_statut_display()}"
