"""Vie privée et familiale — étranger confié à l'ASE, renewal, its three cases
(`conditions.cas_ase`)."""

from django.utils.translation import gettext_lazy as _

from demandes.catalogue import communs, conditions
from demandes.catalogue.conditions import CasAse
from demandes.catalogue.types import Attestation, Motif, Piece, toujours
from demandes.forms.ase import MotifAseForm
from demandes.forms.personnel import PersonnelAseForm


def _cas(*cas):
    return lambda saisie: conditions.cas_ase(saisie) in cas


NATIONALITE = Piece(
    code="nationalite",
    section=communs.SECTION_ETAT_CIVIL,
    libelle=_("Justificatif de nationalité"),
    aide=(
        _(
            "Veuillez joindre un des justificatifs suivants : Passeport ; ou carte nationale "
            "d'identité ; ou certificat de nationalité de moins de 6 mois ; ou attestation "
            "consulaire ; ou carte consulaire."
        ),
    ),
    obligatoire=_cas(CasAse.MINEUR_EMANCIPE),
)

MOTIF = Motif(
    code="vpf_ase",
    choix="vulnerabilite",
    libelle=_("Je suis en situation de vulnérabilité"),
    titre_demarche=_("Demander un titre de séjour"),
    type_demande=_(
        "Demande de titre de séjour 'Vie privée et familiale — étranger confié à l'ASE'"
    ),
    type_demande_renouvellement=_(
        "Demande de renouvellement du titre 'Vie privée et familiale — étranger confié à l'ASE'"
    ),
    motifs_registre=("MNA PLACE AVANT 16 ANS", "VIE PRIVEE ET FAMILIALE - ASE"),
    titre_liste="VIE PRIVÉE ET FAMILIALE - ÉTRANGER CONFIÉ(E) À L'AIDE SOCIALE À L'ENFANCE (ASE)",
    public=(
        _(
            "Ce site vous permet d'effectuer une demande de titre de séjour Vie Privée et "
            "Familiale :"
        ),
        _("en tant qu'étranger confié(e) à l'Aide Sociale à l'Enfance (ASE)."),
    ),
    legendes_etapes=(
        communs.LEGENDE_IDENTITE_CONTACT,
        _("Décrivez votre projet et renseignez les ressources dont vous bénéficiez."),
        communs.LEGENDE_JUSTIFICATIFS,
        _("Confirmez et déposez définitivement votre demande."),
        communs.LEGENDE_CONFIRMATION,
    ),
    bouton_preambule=_("Je continue"),
    etapes=(
        communs.etape_personnel(PersonnelAseForm),
        communs.etape_motif(MotifAseForm, blocage=conditions.non_eligible),
        communs.ETAPE_JUSTIFICATIFS,
        communs.etape_recapitulatif(_("Dépôt de la demande")),
        communs.ETAPE_CONFIRMATION,
    ),
    attestations=(
        Attestation(
            "besoin_travailler",
            _("Avoir besoin de disposer d'un titre afin de pouvoir travailler ou faire un stage."),
            _cas(CasAse.MINEUR, CasAse.MINEUR_EMANCIPE),
        ),
        Attestation(
            "polygamie",
            _(
                "Ne pas vivre en France en état de polygamie, même si mon pays d'origine l'autorise."
            ),
            _cas(CasAse.MINEUR_EMANCIPE, CasAse.MAJEUR),
        ),
        Attestation(
            "sanctions",
            _(
                "Avoir connaissance des sanctions pénales encourues par l'auteur d'une fausse attestation."
            ),
        ),
    ),
    parties_recap=(),
    intro_recap=_("Je confirme le dépôt définitif de ma demande."),
    bouton_depot=_("Déposer la demande"),
    pieces=(
        communs.PIECE_EPHOTO,
        NATIONALITE,
        Piece(
            code="accord_representant",
            section=communs.SECTION_ETAT_CIVIL,
            libelle=_("Accord du parent/représentant légal ou du mandataire"),
            aide=(
                _(
                    "Veuillez joindre le justificatif suivant : Accord des parents / représentant "
                    "légal / mandataire."
                ),
            ),
            demandee=_cas(CasAse.MINEUR),
            obligatoire=_cas(CasAse.MINEUR),
        ),
        Piece(
            code="identite",
            section=communs.SECTION_ETAT_CIVIL,
            libelle=_("Justificatif d'identité"),
            aide=(
                _(
                    "Extrait d'acte de naissance avec filiation ou copie intégrale de l'acte de "
                    "naissance."
                ),
            ),
            demandee=_cas(CasAse.MINEUR_EMANCIPE),
            obligatoire=_cas(CasAse.MINEUR_EMANCIPE),
        ),
        Piece(
            code="emancipation",
            section=communs.SECTION_ETAT_CIVIL,
            libelle=_("Justificatif d'émancipation"),
            aide=(
                _(
                    "Veuillez joindre le justificatif suivant : Décision du juge des tutelles ou "
                    "un acte de mariage."
                ),
            ),
            demandee=_cas(CasAse.MINEUR_EMANCIPE),
            obligatoire=_cas(CasAse.MINEUR_EMANCIPE),
        ),
        communs.PIECE_NATIONALITE_CONJOINT,
        communs.piece_domicile(obligatoire=toujours),
        Piece(
            code="decision_placement",
            section=communs.SECTION_MOTIF,
            libelle=_(
                "Décision de placement par l'autorité judiciaire au service de l'Aide Sociale à "
                "l'Enfance (ASE)"
            ),
            aide=(
                _("Justifiant que l'enfant est confié au service de l'aide sociale à l'enfance."),
            ),
            obligatoire=toujours,
        ),
        Piece(
            code="activite_professionnelle",
            section=communs.SECTION_MOTIF,
            libelle=_("Justificatifs d'activité professionnelle"),
            aide=(
                _(
                    "Veuillez joindre tout document justifiant de l'activité professionnelle "
                    "salariée ou de la formation professionnelle. Exemples : inscription dans un "
                    "établissement scolaire, contrat de travail ou d'apprentissage, attestation "
                    "du responsable du centre de formation..."
                ),
                _(
                    "Si vous suivez une formation professionnelle veuillez joindre également les "
                    "justificatifs du caractère réel et sérieux du suivi de la formation (relevé "
                    "de notes, attestation d'assiduité)."
                ),
            ),
            obligatoire=toujours,
        ),
        Piece(
            code="liens_famille",
            section=communs.SECTION_MOTIF,
            libelle=_("Nature des liens avec la famille restée dans le pays d'origine"),
            aide=(
                _(
                    "Tout document probant, y compris actes de décès des membres de la famille à "
                    "l'étranger, perte de l'autorité parentale des parents restés sur place, etc."
                ),
            ),
            obligatoire=toujours,
        ),
        Piece(
            code="insertion",
            section=communs.SECTION_MOTIF,
            libelle=_("Insertion dans la société française"),
            aide=(
                _(
                    "Veuillez joindre une attestation de la structure d'accueil (foyer ou famille "
                    "d'accueil)."
                ),
            ),
        ),
    ),
)
