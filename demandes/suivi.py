"""What Mon compte tells the applicant about their requests and titles: the four stages of a
request with the service's explanation of each (« Vous accédez au suivi de votre demande »),
what replaces them for a closed or withdrawn request, and the status of each title in
« Historique de mes Titres de Séjour »."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import NatureDocument
from attestations.models import TypeAttestation
from demandes.etats import ETATS_FAVORABLES, STADES, EtatDemande, Stade, stade_de

DESCRIPTIONS: dict[Stade, object] = {
    Stade.DEPOT: _("Le dépôt de votre demande a bien été pris en compte."),
    Stade.INSTRUCTION: _(
        "L'administration a pris connaissance de votre demande, son traitement est en cours. "
        "Il convient de patienter jusqu'à ce que l'administration prenne une décision ou "
        "clôture la demande."
    ),
    Stade.DECISION: _("Votre demande a été traitée, une décision a été prise."),
    Stade.TITRE_DISPONIBLE: _(
        "En cas de décision favorable, un titre sera fabriqué. Celui-ci est disponible. Un SMS "
        "vous informera des modalités pour le récupérer. Si vous ne recevez aucun SMS, nous vous "
        "invitons à vous connecter au site internet de votre préfecture de résidence pour "
        "connaître les modalités pour récupérer un titre de séjour fabriqué."
    ),
}

# Said instead of the stages: the request will not reach a decision.
SANS_STADE: dict[str, object] = {
    EtatDemande.CLOTUREE: _(
        "Votre demande a été clôturée : elle était incomplète et l'administration n'a pas pu "
        "prendre de décision. Vous pouvez déposer une nouvelle demande."
    ),
    EtatDemande.CLASSEE_SANS_SUITE: _(
        "Vous vous êtes désisté(e) de cette demande : elle a été classée sans suite et ne "
        "sera pas instruite. Vous pouvez déposer une nouvelle demande."
    ),
}


@dataclass(frozen=True)
class Etape:
    numero: int
    stade: Stade
    description: object
    franchie: bool
    courante: bool


def etapes_de(etat: str) -> list[Etape]:
    """The four stages, the current one marked (none for a draft, a closed or a withdrawn
    request: the list is then empty)."""
    courant = stade_de(etat)
    if courant is None:
        return []
    rang = STADES.index(courant)
    return [
        Etape(
            numero=i + 1,
            stade=stade,
            description=DESCRIPTIONS[stade],
            franchie=i < rang,
            courante=i == rang,
        )
        for i, stade in enumerate(STADES)
    ]


def sans_stade(etat: str):
    """The plain sentence shown instead of the stages, or None."""
    return SANS_STADE.get(etat)


class StatutTitre:
    EN_COURS = _("En cours de validité")
    EXPIRE = _("Expiré")
    A_VENIR = _("Valable à partir du %(date)s")


def statut_titre(document, aujourdhui: datetime.date) -> str:
    """« En cours de validité », « Expiré », or the date it starts for a title not valid yet."""
    if document.date_fin_validite < aujourdhui:
        return str(StatutTitre.EXPIRE)
    if document.date_debut_validite > aujourdhui:
        return str(StatutTitre.A_VENIR) % {
            "date": document.date_debut_validite.strftime("%d/%m/%Y")
        }
    return str(StatutTitre.EN_COURS)


# A decision was signed but no card is in the registry yet: the history shows the request.
ETATS_DANS_HISTORIQUE = [
    *(e for e in ETATS_FAVORABLES if e != EtatDemande.TITRE_REMIS),
    EtatDemande.DECISION_DEFAVORABLE,
]


@dataclass(frozen=True)
class LigneHistorique:
    debut: datetime.date | None
    fin: datetime.date | None
    nature: object
    motif: object
    statut: object
    demande: object = None


def historique(documents, demandes, attestations: dict, aujourdhui: datetime.date):
    """« Historique de mes Titres de Séjour »: each registry title with its real status, then
    each decided request whose card is not in the registry yet, with its state's label (and,
    when favourable, the validity the attestation de décision favorable gives)."""
    lignes = [
        LigneHistorique(
            debut=d.date_debut_validite,
            fin=d.date_fin_validite,
            nature=d.get_nature_display(),
            motif=d.motif,
            statut=statut_titre(d, aujourdhui),
        )
        for d in documents
    ]
    for demande in demandes:
        if demande.etat not in ETATS_DANS_HISTORIQUE:
            continue
        adf = next(
            (
                a
                for a in attestations.get(demande.pk, [])
                if a.type == TypeAttestation.DECISION_FAVORABLE
            ),
            None,
        )
        lignes.append(
            LigneHistorique(
                debut=adf.valide_du if adf else None,
                fin=adf.valide_au if adf else None,
                nature=NatureDocument.TITRE_SEJOUR.label,
                motif=gettext(demande.type_demande),
                statut=demande.get_etat_display(),
                demande=demande,
            )
        )
    return lignes
