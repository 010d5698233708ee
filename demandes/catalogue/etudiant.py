"""Étudiant — renewal or change of status."""

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import NatureDocument
from demandes import regles
from demandes.catalogue import communs, conditions
from demandes.catalogue.types import Etape, Motif, PartieRecap, Piece
from demandes.forms.etudiant import MotifEtudiantForm, RessourcesForm
from demandes.forms.personnel import PersonnelForm
from demandes.recapitulatif import lignes_ressources

# Formatted when shown, in the page's language.
AIDE_TIERS_MINIMUM = lazy(
    lambda: (
        gettext(
            "Veuillez fournir une attestation sur l'honneur de versements de sommes permettant "
            "d'atteindre le montant requis de %(minimum)s€/mois à joindre avec un justificatif "
            "d'identité du tiers."
        )
        % {"minimum": regles.RESSOURCES_MINIMUM_MENSUEL}
    ),
    str,
)()


def _etudiant_n1(saisie) -> bool:
    return saisie.get("motif", "n1_etudiant_en_france") == "oui"


AIDE_CERTIFICAT = _(
    "Veuillez joindre un certificat d'inscription auprès de votre établissement d'enseignement "
    "supérieur ou un justificatif de préinscription en attendant l'inscription définitive. Le "
    "certificat d'inscription sera à fournir au plus tard lors de la remise du titre."
)
AIDE_MOBILITE = _(
    "Si vous êtes étudiant en « programme de mobilité », vous devez également fournir tout "
    "document produit par l'établissement justifiant que votre cursus relève d'un programme de "
    "mobilité au sein de l'Union européenne."
)
RESSOURCES_MULTIPLES = _(
    "En cas de ressources multiples, veuillez joindre le justificatif de chacune des ressources."
)

MOTIF = Motif(
    code="etudiant",
    choix="etudiant",
    libelle=_("En tant qu'étudiant"),
    titre_demarche=_("Je demande un titre de séjour pour étudier"),
    type_demande=_("Demande de titre de séjour 'Étudiant'"),
    type_demande_renouvellement=_("Demande de renouvellement du titre 'Étudiant'"),
    motifs_registre=("ETUDIANT", "ETUDIANT-ELEVE", "ETUDIANT - PROGRAMME DE MOBILITE"),
    # A student may work 60 % of the legal working time: the ADF says « à titre accessoire ».
    travail_a_titre_accessoire=True,
    titre_liste="ÉTUDIANT",
    public=(
        _(
            "Ce site vous permet d'effectuer votre demande de titre de séjour en ligne, en vue de "
            "simplifier vos démarches. Il s'adresse à l'ensemble des personnes :"
        ),
        _(
            "ayant validé un Visa de Long Séjour valant Titre de Séjour (VLS-TS) dans les 12 derniers mois ;"
        ),
        _("ou titulaire d'un Visa de Long Séjour (VLS) ;"),
        _("ou titulaire d'un titre de séjour en cours de validité."),
    ),
    legendes_etapes=(
        _("Vérifiez les informations relatives à votre état-civil et votre adresse."),
        communs.LEGENDE_PROJET,
        _("Renseignez les ressources dont vous bénéficiez."),
        communs.LEGENDE_JUSTIFICATIFS,
        communs.LEGENDE_RECAPITULATIF,
        communs.LEGENDE_CONFIRMATION,
    ),
    bouton_preambule=_("Je commence"),
    etapes=(
        communs.etape_personnel(PersonnelForm),
        communs.etape_motif(MotifEtudiantForm, "demandes/etapes/motif_etudiant.html"),
        Etape(
            code="ressources",
            titre=_("Ressources"),
            intitule=_("Je renseigne mes ressources et leur(s) origine(s)."),
            form=RessourcesForm,
            template="demandes/etapes/ressources.html",
            avertissement=conditions.ressources_insuffisantes,
            lignes_recap=lignes_ressources,
        ),
        communs.ETAPE_JUSTIFICATIFS,
        communs.etape_recapitulatif(),
        communs.ETAPE_CONFIRMATION,
    ),
    parties_recap=(
        PartieRecap(_("Informations personnelles (1/4)"), ("personnel",)),
        PartieRecap(_("Motif de séjour (2/4)"), ("motif",)),
        PartieRecap(_("Ressources (3/4)"), ("ressources",)),
        PartieRecap(_("Justificatifs (4/4)"), ("justificatifs",)),
    ),
    intro_recap=_(
        "Je vérifie les informations que j'ai saisies en validant les 4 parties afin de déposer "
        "ma demande. Une fois la demande déposée, je ne peux plus la modifier."
    ),
    bouton_depot=_("Valider et transmettre ma demande"),
    bouton_ajout_fichier=_("Ajouter un document"),
    pieces=(
        Piece(
            code="titre_sejour",
            section=communs.SECTION_ETAT_CIVIL,
            libelle=_("Titre de séjour en cours de validité"),
            aide=(
                _(
                    "Si vous disposez d'un titre de séjour hors VLS-TS, veuillez fournir le recto "
                    "et le verso de votre titre de séjour en cours de validité."
                ),
            ),
            demandee=lambda s: conditions.nature_document(s) == NatureDocument.TITRE_SEJOUR,
        ),
        Piece(
            code="passeport",
            section=communs.SECTION_ETAT_CIVIL,
            libelle=_("Passeport"),
            aide=(
                _(
                    "Si vous n'avez pas de titre de séjour en cours de validité, veuillez joindre "
                    "les pages de votre passeport relatives à l'état civil, aux dates de validité, "
                    "aux cachets d'entrée et aux visas."
                ),
            ),
            demandee=lambda s: conditions.nature_document(s) != NatureDocument.TITRE_SEJOUR,
        ),
        communs.PIECE_EPHOTO,
        communs.PIECE_NATIONALITE_CONJOINT,
        communs.piece_domicile(obligatoire=lambda s: False),
        Piece(
            code="certificat_inscription",
            section=communs.SECTION_MOTIF,
            libelle=_(
                "Certificat d'inscription ou justificatif de préinscription auprès de votre "
                "établissement d'enseignement supérieur"
            ),
            aide=(AIDE_CERTIFICAT, AIDE_MOBILITE),
        ),
        Piece(
            code="releve_notes",
            section=communs.SECTION_MOTIF,
            libelle=_("Relevé de notes"),
            aide=(_("Veuillez joindre l'ensemble de vos relevés de notes de l'année écoulée."),),
            demandee=_etudiant_n1,
        ),
        Piece(
            code="diplome",
            section=communs.SECTION_MOTIF,
            libelle=_("Dernier diplôme obtenu en France"),
            aide=(_("Veuillez joindre le dernier diplôme obtenu."),),
            demandee=_etudiant_n1,
        ),
        Piece(
            code="attestation_reussite",
            section=communs.SECTION_MOTIF,
            libelle=_("Attestation de réussite"),
            aide=(
                _("Veuillez joindre une attestation de réussite délivrée par votre établissement."),
            ),
            demandee=_etudiant_n1,
        ),
        Piece(
            code="ressource_tiers",
            section=communs.SECTION_RESSOURCES,
            libelle=_("Vous êtes pris en charge par un tiers"),
            aide=(
                RESSOURCES_MULTIPLES,
                _(
                    "Veuillez fournir une attestation de la banque du tiers justifiant de la "
                    "programmation de virements réguliers sur votre compte."
                ),
                AIDE_TIERS_MINIMUM,
            ),
        ),
        Piece(
            code="ressource_bourse",
            section=communs.SECTION_RESSOURCES,
            libelle=_("Vous êtes boursier"),
            aide=(
                _(
                    "Pour les boursiers dans leur pays d'origine : veuillez fournir une "
                    "attestation de bourse de l'organisme payeur du pays d'origine précisant le "
                    "montant et la durée de la bourse."
                ),
                _(
                    "Pour les boursiers du gouvernement français et les bénéficiaires de "
                    "programmes européens : veuillez fournir l'attestation de bourse."
                ),
            ),
        ),
        Piece(
            code="ressource_salaire",
            section=communs.SECTION_RESSOURCES,
            libelle=_("Vous êtes salarié"),
            aide=(_("Veuillez fournir vos 3 dernières fiches de paie."),),
        ),
        Piece(
            code="ressource_solde",
            section=communs.SECTION_RESSOURCES,
            libelle=_("Vous disposez de ressources suffisantes"),
            aide=(_("Veuillez fournir l'attestation bancaire de solde créditeur suffisant."),),
        ),
    ),
)
