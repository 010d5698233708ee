"""Reads of the instruction back office: the queue's conditions, the agents one may assign a
request to, everything the request page shows (a fixed number of queries whatever the number
of files, transitions or complements); the applicant's refusal document."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from attestations.models import Attestation, TypeAttestation
from demandes.catalogue import motifs
from demandes.etats import AVANT_DECISION, EtatDemande
from demandes.models import Demande, HistoriqueEtat, SensDecision
from instruction.models import (
    Complement,
    Decision,
    ElementComplement,
    NoteInterne,
    Remise,
    StatutComplement,
    StatutDecision,
)
from justificatifs.models import EPhoto, Fichier

# The queue's filters « Titre expirant sous 30 jours » and « Complément en retard » (a complement
# is answered within 30 days): docs/back-office.md.
JOURS_EXPIRATION = 30
JOURS_COMPLEMENT = 30
PERMISSION_INSTRUIRE = "demandes.instruire_demande"


def libelle_motif(code: str) -> str:
    """The catalogue's label of a motif (« En tant qu'étudiant »), never its code."""
    motif = motifs().get(code)
    return str(motif.libelle) if motif else code


def choix_motifs() -> list[tuple[str, str]]:
    return [(code, str(motif.libelle)) for code, motif in motifs().items()]


def titre_expirant(*, le: datetime.date | None = None) -> Q:
    """The current title ends within 30 days (from today, today included)."""
    le = le or timezone.localdate()
    return Q(
        document_actuel__date_fin_validite__gte=le,
        document_actuel__date_fin_validite__lte=le + datetime.timedelta(days=JOURS_EXPIRATION),
    )


def complement_en_retard(*, maintenant: datetime.datetime | None = None) -> Exists:
    """A complement still waiting for the applicant, acknowledged more than 30 days ago."""
    limite = (maintenant or timezone.now()) - datetime.timedelta(days=JOURS_COMPLEMENT)
    return Exists(
        Complement.objects.filter(
            demande=OuterRef("pk"), statut=StatutComplement.EN_ATTENTE, accuse_le__lt=limite
        )
    )


def adp_a_delivrer(*, le: datetime.date | None = None) -> Q:
    """« ADP à délivrer »: a request before its decision (an ADP can be issued) whose current
    title ends within 30 days, and no attestation de prolongation valid beyond today. Read live
    by the queue's filter: no schedule needs to flag it."""
    le = le or timezone.localdate()
    adp_valide = Exists(
        Attestation.objects.filter(
            demande=OuterRef("pk"), type=TypeAttestation.PROLONGATION, valide_au__gte=le
        )
    )
    return Q(etat__in=AVANT_DECISION) & titre_expirant(le=le) & ~Q(adp_valide)


LONGUEUR_NUMERO_DEMANDE = 19
LONGUEUR_NUMERO_ETRANGER = 10


def recherche(terme: str) -> Q:
    """What the queue's search box finds: a term of digits is a N° de la demande (19 digits)
    or a N° étranger (10 digits), matched exactly — one unique index each, never an OR across
    the join, which no index serves; words search the applicant's names, each word in the
    family name or the first names (trigram indexes on PostgreSQL)."""
    terme = " ".join(terme.split())
    if not terme:
        return Q()
    compact = terme.replace(" ", "")
    if compact.isdigit():
        if len(compact) == LONGUEUR_NUMERO_DEMANDE:
            return Q(numero=compact)
        if len(compact) == LONGUEUR_NUMERO_ETRANGER:
            return Q(usager__numero_etranger=compact)
        return Q(pk__in=[])
    condition = Q()
    for mot in terme.split(" "):
        condition &= Q(usager__nom__icontains=mot) | Q(usager__prenom__icontains=mot)
    return condition


def agents_assignables(user) -> QuerySet:
    """The active agents of `user`'s prefecture who instruct requests (a superuser: those of
    every prefecture)."""
    User = get_user_model()
    agents = User.objects.filter(is_active=True, is_staff=True, prefecture__isnull=False).filter(
        Q(groups__permissions__codename="instruire_demande")
        | Q(user_permissions__codename="instruire_demande")
    )
    if not user.is_superuser:
        agents = agents.filter(prefecture_id=user.prefecture_id)
    return User.objects.filter(pk__in=agents.values("pk")).order_by("nom", "prenom", "pk")


def est_instructeur(user) -> bool:
    """An agent who instructs requests (a national administrator is not one, though a
    superuser holds every permission)."""
    return not user.is_superuser and user.has_perm(PERMISSION_INSTRUIRE)


@dataclass
class Dossier:
    """What the request page shows besides the applicant's answers (demandes.recapitulatif)."""

    fichiers: list[Fichier]
    ephoto: EPhoto | None
    attestations: list[Attestation]
    historique: list[HistoriqueEtat]
    complements: list[Complement]
    decisions: list[Decision]
    remise: Remise | None
    notes: list[NoteInterne]


def dossier(demande: Demande) -> Dossier:
    fichiers = list(Fichier.objects.filter(demande=demande).order_by("piece", "depose_le", "pk"))
    resultat = Dossier(
        fichiers=fichiers,
        ephoto=EPhoto.objects.filter(demande=demande).first(),
        attestations=list(
            Attestation.objects.filter(demande=demande).order_by("type", "-version", "pk")
        ),
        historique=list(
            HistoriqueEtat.objects.filter(demande=demande)
            .select_related("par")
            .order_by("le", "pk")
        ),
        complements=list(
            Complement.objects.filter(demande=demande)
            .select_related("demande_par")
            .prefetch_related(
                Prefetch("elements", queryset=ElementComplement.objects.order_by("pk"))
            )
            .order_by("-demande_le", "-pk")
        ),
        decisions=list(
            Decision.objects.filter(demande=demande)
            .select_related("proposee_par", "signee_par")
            .order_by("-proposee_le", "-pk")
        ),
        remise=Remise.objects.filter(demande=demande).select_related("titre", "remis_par").first(),
        notes=list(
            NoteInterne.objects.filter(demande=demande)
            .select_related("auteur")
            .order_by("-cree_le", "-pk")
        ),
    )
    for complement in resultat.complements:
        _versions_attacher(complement, fichiers)
    return resultat


def _versions_attacher(complement: Complement, fichiers: list[Fichier]) -> None:
    """Give each element of `complement` its `anciens` (the files the agent had seen when
    asking) and `nouveaux` (those sent in answer), from the request's files: no query."""
    elements = list(complement.elements.all())
    propres = {e.pk for e in elements}
    for element in elements:
        element.anciens = [
            f
            for f in fichiers
            if f.piece == element.piece
            and f.element_complement_id not in propres
            and f.depose_le <= complement.demande_le
        ]
        element.nouveaux = [f for f in fichiers if f.element_complement_id == element.pk]


def decision_refus_de(usager, demande_pk: int) -> Decision | None:
    """The signed refusal of the applicant's own refused request, with its uploaded document;
    None for any other request (the view answers 404)."""
    return (
        Decision.objects.select_related("demande")
        .filter(
            demande_id=demande_pk,
            demande__usager=usager,
            demande__etat=EtatDemande.DECISION_DEFAVORABLE,
            sens=SensDecision.DEFAVORABLE,
            statut=StatutDecision.SIGNEE,
        )
        .exclude(document_refus="")
        .first()
    )


def complement_de(usager, pk: int) -> Complement | None:
    """The complement `pk` of one of the applicant's own requests (None for anyone else)."""
    if not getattr(usager, "is_authenticated", False):
        return None
    return (
        Complement.objects.select_related("demande__usager")
        .filter(pk=pk, demande__usager=usager)
        .first()
    )


def complement_de_notification(notification) -> Complement | None:
    """The complement a notification is about: the request itself (key `complement:<pk>`,
    `instruction.services.complement_demander`) or one of its reminders
    (`rappel-complement-<kind>:<pk>`, `instruction.echeances`)."""
    prefixe, _sep, pk = (notification.cle or "").partition(":")
    if not (prefixe == "complement" or prefixe.startswith("rappel-complement-")):
        return None
    if not pk.isdigit():
        return None
    return Complement.objects.filter(pk=int(pk), demande__usager_id=notification.usager_id).first()


@dataclass
class ElementAffiche:
    element: ElementComplement
    # The files the agent saw (the deposit's, or a previous complement's), and the new versions
    # attached in answer to this complement.
    anciens: list[Fichier]
    nouveaux: list[Fichier]


# The complement's three lists, in the order the notification gives them (docs/instruction.md).
ORDRE_MOTIFS = ["non_lisible", "manquant", "non_valide"]


def complement_elements(complement: Complement) -> list[ElementAffiche]:
    """Each document of the complement with its previous and its new files (two queries)."""
    elements = list(complement.elements.order_by("pk"))
    fichiers = Fichier.objects.filter(
        demande_id=complement.demande_id, piece__in=[e.piece for e in elements]
    ).order_by("depose_le", "pk")
    anciens: dict[str, list[Fichier]] = {e.piece: [] for e in elements}
    nouveaux: dict[int, list[Fichier]] = {e.pk: [] for e in elements}
    for fichier in fichiers:
        if fichier.element_complement_id in nouveaux:
            nouveaux[fichier.element_complement_id].append(fichier)
        elif fichier.depose_le <= complement.demande_le:
            anciens[fichier.piece].append(fichier)
    return [ElementAffiche(e, anciens[e.piece], nouveaux[e.pk]) for e in elements]


def complement_par_motif(complement: Complement) -> list[tuple[str, list[ElementAffiche]]]:
    """The documents grouped as the notification lists them (« ne sont pas lisibles : » …)."""
    groupes: dict[str, list[ElementAffiche]] = {motif: [] for motif in ORDRE_MOTIFS}
    for affiche in complement_elements(complement):
        groupes.setdefault(affiche.element.motif, []).append(affiche)
    return [(motif, liste) for motif, liste in groupes.items() if liste]
