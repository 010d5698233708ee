"""Writes on requests: drafts, steps, the recap and the deposit."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import DocumentSejour
from demandes import regles, selectors, wizard
from demandes.catalogue.types import NatureEtape
from demandes.etats import Transition
from demandes.models import CompteurDepot, Demande, EtatDemande, PourQui, Situation
from demandes.transitions import DemandeError, TransitionRefusee, transition_appliquer
from justificatifs import selectors as justificatifs_selectors
from justificatifs import services as justificatifs_services

__all__ = ["DemandeError", "TransitionRefusee"]

SITE_PREFECTURE = "01"


class DemandeDejaEnCours(DemandeError):
    """A request for the same current document and motif is pending; `demande` is that one."""

    def __init__(self, demande: Demande):
        self.demande = demande
        super().__init__(message_demande_en_cours(demande))


def message_demande_en_cours(demande: Demande) -> str:
    if demande.est_brouillon:
        return _(
            "Vous avez déjà une demande en cours de saisie pour ce titre de séjour : "
            "reprenez-la ou abandonnez-la."
        )
    return _(
        "Vous avez déjà déposé la demande n° %(numero)s pour ce titre de séjour le %(date)s. "
        "Elle est en cours de traitement : vous ne pouvez pas en déposer une autre pour le même "
        "motif tant qu'une décision n'a pas été prise."
    ) % {
        "numero": demande.numero,
        "date": timezone.localdate(demande.deposee_le).strftime("%d/%m/%Y"),
    }


def _verrouiller(demande: Demande, par) -> Demande:
    locked = Demande.objects.select_for_update(of=("self",)).get(pk=demande.pk)
    if locked.usager_id != par.pk:
        raise DemandeError(_("Cette demande n'est pas la vôtre."))
    return locked


def brouillon_creer(
    *,
    usager,
    motif_code: str,
    renouvellement: bool,
    pour_qui: str = PourQui.MOI,
    situation: str = Situation.TITRE,
    document: DocumentSejour | None,
    par,
) -> Demande:
    """Start a request; an applicant has at most one draft at a time, and a current document
    at most one pending request per motif (database constraints; the checks here only choose
    the message)."""
    motif = wizard.catalogue.motif(motif_code)
    type_demande = motif.type_demande_renouvellement if renouvellement else motif.type_demande
    # Stored in the reference language, whatever the page's: agents and documents read it in
    # French, the applicant's pages translate it when they show it.
    with translation.override(settings.LANGUAGE_CODE):
        type_demande = str(type_demande)
    if en_cours := selectors.demande_en_cours_pour(document=document, motif_code=motif.code):
        raise DemandeDejaEnCours(en_cours)
    try:
        with transaction.atomic():
            return Demande.objects.create(
                usager=usager,
                motif=motif.code,
                renouvellement=renouvellement,
                type_demande=type_demande,
                pour_qui=pour_qui,
                situation=situation,
                document_actuel=document,
            )
    except IntegrityError as exc:
        # A concurrent request got there first: say which rule it hit.
        if en_cours := selectors.demande_en_cours_pour(document=document, motif_code=motif.code):
            raise DemandeDejaEnCours(en_cours) from exc
        raise DemandeError(
            _("Vous avez déjà une demande en cours de saisie : reprenez-la ou abandonnez-la.")
        ) from exc


def etape_enregistrer(*, demande: Demande, etape: str, donnees: dict, par) -> Demande:
    """Save one step's answers. Changing a step after its recap part was validated asks for
    that part to be validated again."""
    with transaction.atomic():
        locked = _verrouiller(demande, par)
        if not locked.est_brouillon:
            raise DemandeError(_("Une demande déposée ne peut plus être modifiée."))
        motif = wizard.motif_de(locked)
        changed = locked.saisie.get(etape) != donnees
        locked.saisie = {**locked.saisie, etape: donnees}
        if not locked.derniere_etape or wizard.index(motif, etape) >= wizard.index(
            motif, locked.derniere_etape
        ):
            locked.derniere_etape = etape
        if changed:
            locked.parties_validees = [
                i for i in locked.parties_validees if etape not in motif.parties_recap[i].etapes
            ]
        locked.save()
    return locked


def recap_partie_valider(*, demande: Demande, partie: int, par) -> Demande:
    with transaction.atomic():
        locked = _verrouiller(demande, par)
        if partie not in range(len(wizard.parties_recap(locked))):
            raise DemandeError(_("Cette partie du récapitulatif n'existe pas."))
        if partie not in locked.parties_validees:
            locked.parties_validees = sorted({*locked.parties_validees, partie})
            locked.save(update_fields=["parties_validees", "modifiee_le"])
    return locked


def brouillon_abandonner(*, demande: Demande, par) -> None:
    """Discard the draft with its files and release its e-photo."""
    with transaction.atomic():
        locked = _verrouiller(demande, par)
        if not locked.est_brouillon:
            raise DemandeError(_("Une demande déposée ne peut pas être abandonnée."))
        justificatifs_services.fichiers_supprimer_tous(demande=locked)
        # The e-photo's foreign key is SET_NULL but its reservation date would stay set, which
        # its check constraint refuses: release the code first, in the same transaction.
        justificatifs_services.ephoto_supprimer(demande=locked, par=par)
        locked.delete()


def _numero_suivant(*, departement: str, le) -> str:
    """N° de la demande: département (2) + site (2) + date AAAAMMJJ + sequence (7) = 19
    digits. Corsica's 2A/2B count as 20, overseas départements as 97."""
    code = departement[:2].replace("2A", "20").replace("2B", "20")
    prefixe = f"{code}{SITE_PREFECTURE}{le:%Y%m%d}"
    CompteurDepot.objects.bulk_create([CompteurDepot(prefixe=prefixe)], ignore_conflicts=True)
    compteur = CompteurDepot.objects.select_for_update().get(prefixe=prefixe)
    compteur.valeur += 1
    compteur.save(update_fields=["valeur"])
    return f"{prefixe}{compteur.valeur:07d}"


def demande_deposer(*, demande: Demande, observations: str, par) -> Demande:
    """Irreversible and idempotent: a second call (double click, replayed POST) returns the
    already deposited request unchanged."""

    # Found by the guard, used by the deposit: one query on the address's département.
    competent: dict = {}

    def conditions(locked: Demande) -> str | None:
        if wizard.premiere_etape_incomplete(locked).nature != NatureEtape.RECAPITULATIF:
            return _("Toutes les étapes doivent être enregistrées avant le dépôt.")
        if not wizard.toutes_parties_validees(locked):
            return _("Validez chaque partie du récapitulatif avant de déposer.")
        manquantes = wizard.pieces_manquantes(
            locked,
            justificatifs_selectors.fichiers_par_piece(locked),
            justificatifs_selectors.ephoto_de(locked),
        )
        if manquantes:
            return _("Pièces obligatoires manquantes : %(pieces)s.") % {
                "pieces": ", ".join(str(p.libelle) for p in manquantes)
            }
        fenetre = regles.fenetre_depot(locked.document_actuel, timezone.localdate())
        if not fenetre.depot_possible:
            return _("Votre demande ne peut pas être déposée à cette date.")
        competent["departement"] = departement_de(locked)
        if competent["departement"] is None:
            return _("Aucune préfecture du service en ligne n'est compétente pour votre adresse.")
        return None

    def deposer(locked: Demande) -> None:
        departement = competent["departement"]
        maintenant = timezone.now()
        locked.numero = _numero_suivant(
            departement=departement.code, le=timezone.localdate(maintenant)
        )
        locked.prefecture = departement.prefecture
        locked.observations = observations
        locked.deposee_le = maintenant

    with transaction.atomic():
        locked = _verrouiller(demande, par)
        if locked.etat != EtatDemande.BROUILLON:
            return locked
        locked = transition_appliquer(
            demande=locked,
            transition=Transition.DEPOSER,
            par=par,
            gardes=conditions,
            appliquer=deposer,
        )
        from demandes import suites

        # The follow-up (notification, PDFs, e-mail) is an outbox row of this transaction.
        suites.suite_depot_creer(demande=locked)
    return locked


def departement_de(demande: Demande):
    """The département whose prefecture instructs the request (from the step 1 address)."""
    adresse = demande.saisie.get("personnel", {})
    return regles.departement_competent(
        adresse.get("code_postal", ""), adresse.get("code_insee", "")
    )


def demande_desister(*, demande: Demande, par) -> Demande:
    """« Je me désiste de ma demande »: the applicant withdraws a deposited request, until a
    decision is signed; it is then classée sans suite and frees its document and motif."""
    return transition_appliquer(demande=demande, transition=Transition.SE_DESISTER, par=par)
