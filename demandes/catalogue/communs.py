"""Steps and documents several motifs share."""

from django.utils.translation import gettext_lazy as _

from demandes.catalogue import conditions
from demandes.catalogue.types import Etape, NatureEtape, Piece, toujours

SECTION_ETAT_CIVIL = _("Informations personnelles — État-civil")
SECTION_DOMICILE = _("Informations personnelles — Domiciliation")
SECTION_MOTIF = _("Motif de séjour")
SECTION_RESSOURCES = _("Ressources")


def etape_personnel(form) -> Etape:
    return Etape(
        code="personnel",
        titre=_("Informations personnelles"),
        intitule=_("Je vérifie et complète mes informations personnelles."),
        form=form,
        template="demandes/etapes/personnel.html",
        initial_du_compte=True,
    )


# Preamble captions (« Déposez votre demande en N étapes ») that several motifs share.
LEGENDE_IDENTITE_CONTACT = _(
    "Vérifiez et complétez les informations relatives à votre identité et vos informations de "
    "contact."
)
LEGENDE_PROJET = _("Décrivez votre projet.")
LEGENDE_JUSTIFICATIFS = _("Joignez les documents justifiant votre situation.")
LEGENDE_RECAPITULATIF = _("Vérifiez le récapitulatif de votre demande et de vos documents.")
LEGENDE_CONFIRMATION = _("Le dépôt de votre demande est confirmé.")


def etape_motif(form, template="demandes/etapes/motif_attestations.html", **options) -> Etape:
    return Etape(
        code="motif",
        titre=_("Motif de séjour"),
        intitule=_("Je renseigne mon motif de séjour"),
        form=form,
        template=template,
        **options,
    )


ETAPE_JUSTIFICATIFS = Etape(
    code="justificatifs",
    titre=_("Justificatifs"),
    intitule=_("Je joins mes documents justificatifs"),
    nature=NatureEtape.JUSTIFICATIFS,
    template="demandes/etapes/justificatifs.html",
)

ETAPE_CONFIRMATION = Etape(
    code="confirmation",
    titre=_("Confirmation"),
    intitule=_("Confirmation"),
    nature=NatureEtape.CONFIRMATION,
    template="demandes/etapes/confirmation.html",
)


def etape_recapitulatif(titre=None) -> Etape:
    titre = titre or _("Récapitulatif")
    return Etape(
        code="recapitulatif",
        titre=titre,
        intitule=titre,
        nature=NatureEtape.RECAPITULATIF,
        template="demandes/etapes/recapitulatif.html",
    )


PIECE_EPHOTO = Piece(
    code="ephoto",
    section=SECTION_ETAT_CIVIL,
    libelle=_("Photographie d'identité récente"),
    aide=(
        _(
            "Veuillez renseigner ci-dessous le numéro ephoto figurant sur votre planche de "
            "photos d'identité. Pour obtenir une e-photo, vous devez aller dans une cabine photo "
            "agréée ou vous rendre chez un photographe agréé « Service en ligne »."
        ),
        _(
            "Si vous choisissez de faire la ephoto dans un photomaton, vous devez sélectionner "
            "le format « Ephoto pour un permis de conduire »."
        ),
    ),
    obligatoire=toujours,
    ephoto=True,
)

AIDE_DOMICILE = (
    _(
        "Veuillez joindre un des justificatifs de domicile suivants : une facture d'électricité, "
        "gaz, eau, internet, fixe ou mobile ; ou une copie du bail de location ; ou une copie "
        "d'une quittance de loyer ou de taxe d'habitation."
    ),
    _(
        "Si hébergement à l'hôtel : une attestation de l'hôtelier ; une copie de la facture du "
        "dernier mois."
    ),
    _(
        "Si hébergement chez un particulier : une attestation de l'hébergeant datée et signée, "
        "une copie de sa Carte Nationale d'Identité ou de sa carte de séjour, un justificatif de "
        "domicile de l'hébergeant si l'adresse inscrite sur sa carte d'identité ou sa carte de "
        "séjour n'est plus à jour."
    ),
)


def piece_domicile(obligatoire=toujours) -> Piece:
    return Piece(
        code="domicile",
        section=SECTION_DOMICILE,
        libelle=_("Justificatif de domicile datant de moins de 6 mois"),
        aide=AIDE_DOMICILE,
        obligatoire=obligatoire,
    )


PIECE_NATIONALITE_CONJOINT = Piece(
    code="nationalite_conjoint",
    section=SECTION_ETAT_CIVIL,
    libelle=_("Nationalité française du conjoint"),
    aide=(
        _(
            "Veuillez joindre un justificatif de la nationalité française de votre conjoint(e) : "
            "carte nationale d'identité, passeport ou certificat de nationalité française."
        ),
    ),
    demandee=conditions.conjoint_francais,
)
