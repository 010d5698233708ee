"""Bénéficiaire de la protection internationale — renewal."""

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from attestations.regles import AdpAuDepot, DebutAdp, RegleAdp
from demandes.catalogue import communs, conditions
from demandes.catalogue.types import Attestation, Motif, PartieRecap, Piece
from demandes.forms.bpi import MotifBpiForm
from demandes.forms.personnel import PersonnelForm


def _protection(saisie) -> str:
    return saisie.get("motif", "protection") or "subsidiaire"


MOTIF = Motif(
    code="bpi",
    choix="bpi",
    libelle=_("En tant que bénéficiaire de la protection internationale"),
    titre_demarche=_("Demander un titre de séjour"),
    type_demande=_("Demande de titre de séjour 'Bénéficiaire de la protection internationale'"),
    type_demande_renouvellement=_(
        "Demande de renouvellement du titre 'Bénéficiaire de la protection internationale'"
    ),
    motifs_registre=("BPS", "BPI", "REFUGIE", "PROTECTION SUBSIDIAIRE"),
    # Every renewal gets the ADP at deposit, valid 6 months from the deposit date
    # (docs/attestations.md, « Rule: ADP at deposit »).
    regle_adp=RegleAdp(
        au_depot=AdpAuDepot.RENOUVELLEMENT, duree=relativedelta(months=6), debut=DebutAdp.DEPOT
    ),
    protection=_protection,
    titre_liste="BÉNÉFICIAIRE DE LA PROTECTION INTERNATIONALE",
    public=(
        _(
            "Ce site vous permet d'effectuer une demande de titre de séjour en ligne, en vue de "
            "simplifier vos démarches :"
        ),
        _("en tant que réfugié ;"),
        _("en tant que bénéficiaire de la protection subsidiaire."),
    ),
    legendes_etapes=(
        communs.LEGENDE_IDENTITE_CONTACT,
        communs.LEGENDE_PROJET,
        communs.LEGENDE_JUSTIFICATIFS,
        communs.LEGENDE_RECAPITULATIF,
        communs.LEGENDE_CONFIRMATION,
    ),
    bouton_preambule=_("Je continue"),
    etapes=(
        communs.etape_personnel(PersonnelForm),
        communs.etape_motif(MotifBpiForm),
        communs.ETAPE_JUSTIFICATIFS,
        communs.etape_recapitulatif(),
        communs.ETAPE_CONFIRMATION,
    ),
    attestations=(
        Attestation(
            "protection_subsidiaire_non_marie",
            _("Bénéficier de la protection subsidiaire et ne pas être marié."),
            lambda s: _protection(s) == "subsidiaire" and not conditions.est_marie(s),
        ),
        Attestation(
            "refugie_non_marie",
            _("Bénéficier du statut de réfugié et ne pas être marié."),
            lambda s: _protection(s) == "refugie" and not conditions.est_marie(s),
        ),
        Attestation(
            "protection_subsidiaire",
            _("Bénéficier de la protection subsidiaire."),
            lambda s: _protection(s) == "subsidiaire" and conditions.est_marie(s),
        ),
        Attestation(
            "refugie",
            _("Bénéficier du statut de réfugié."),
            lambda s: _protection(s) == "refugie" and conditions.est_marie(s),
        ),
        Attestation(
            "polygamie",
            _(
                "Ne pas vivre en France en état de polygamie, même si mon pays d'origine l'autorise."
            ),
            conditions.est_marie,
        ),
        Attestation(
            "sanctions",
            _(
                "Avoir connaissance des sanctions pénales encourues par l'auteur d'une fausse attestation."
            ),
        ),
    ),
    parties_recap=(
        PartieRecap(_("Mes informations personnelles (1/3)"), ("personnel",)),
        PartieRecap(_("Mon motif de séjour (2/3)"), ("motif",)),
        PartieRecap(_("Justificatifs (3/3)"), ("justificatifs",)),
    ),
    intro_recap=_(
        "Je vérifie les informations que j'ai saisies en validant les 3 parties afin de déposer "
        "ma demande. Une fois la demande déposée, je ne peux plus la modifier."
    ),
    bouton_depot=_("Déposer la demande"),
    pieces=(
        communs.PIECE_EPHOTO,
        Piece(
            code="autorite_parentale",
            section=communs.SECTION_ETAT_CIVIL,
            libelle=_("Justificatif d'autorité parentale"),
            aide=(
                _(
                    "Vous déposez la demande pour un mineur : veuillez joindre un justificatif de "
                    "votre autorité parentale (acte de naissance avec filiation, jugement)."
                ),
            ),
            demandee=conditions.pour_un_mineur,
            obligatoire=conditions.pour_un_mineur,
        ),
        communs.PIECE_NATIONALITE_CONJOINT,
        communs.piece_domicile(),
    ),
)
