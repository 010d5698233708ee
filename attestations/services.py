"""Writes of the attestations app: create a version, render it once, store it once.

An attestation is created (row with the data it certifies) in the caller's transaction, then
rendered: the PDF — with its signed 2D-DOC and MRZ band — is stored once through the storage
API with its SHA-256 and never rewritten. A correction is a new version.
"""

import base64
import datetime
import enum
import hashlib
import logging
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from anef.publication import publish_on_commit
from attestations import cles, codes, deuxddoc, documents, mrz, regles, rendu
from attestations.models import Attestation, TypeAttestation

logger = logging.getLogger(__name__)

TEMPLATE = "attestations/attestation.html"


class AttestationError(Exception):
    """A request that cannot get this attestation; the message is displayable."""


class Rendu(enum.Enum):
    """When a new attestation's PDF is rendered."""

    # By the Celery task, after commit.
    TACHE = "tache"
    # In this process, after the row is written, with the task as fallback.
    MAINTENANT = "maintenant"
    # Not at all: the caller renders it.
    PAR_L_APPELANT = "par_l_appelant"


def _version_suivante(demande, type_) -> int:
    courante = Attestation.objects.filter(demande=demande, type=type_).aggregate(v=Max("version"))
    return (courante["v"] or 0) + 1


def attestation_creer(
    *,
    demande,
    type: str,
    donnees: dict,
    emise_le: datetime.date,
    valide_du: datetime.date | None = None,
    valide_au: datetime.date | None = None,
    par=None,
    rendre: Rendu = Rendu.TACHE,
) -> Attestation:
    """Add the next version of an attestation of `demande`, then render it as `rendre` says."""
    if demande.numero is None:
        raise AttestationError("La demande n'est pas déposée.")
    for _tentative in range(3):
        try:
            with transaction.atomic():
                version = _version_suivante(demande, type)
                attestation = Attestation.objects.create(
                    demande=demande,
                    type=type,
                    version=version,
                    donnees={**donnees, "version": version},
                    emise_le=emise_le,
                    valide_du=valide_du,
                    valide_au=valide_au,
                    nom_fichier=documents.nom_fichier(
                        type, donnees["identifiant"], emise_le, version
                    ),
                    cree_par=par,
                )
            break
        except IntegrityError:  # a concurrent writer took this version number
            continue
    else:
        raise AttestationError("Version d'attestation déjà prise, réessayez.")
    if rendre is Rendu.TACHE:
        _rendre_apres_commit(attestation.pk)
    elif rendre is Rendu.MAINTENANT:
        attestation = attestation_rendre_ou_differer(attestation_pk=attestation.pk)
    return attestation


def _rendre_apres_commit(pk: int) -> None:
    # Imported here: attestations.tasks imports this module.
    from attestations import tasks

    publish_on_commit(tasks.attestation_rendre, pk)


def attestation_rendre_ou_differer(*, attestation_pk: int) -> Attestation:
    """Render now; if that fails, hand it to the worker (retries with backoff) and return the
    attestation still pending — the pages then show « en cours de génération »."""
    try:
        return attestation_rendre(attestation_pk=attestation_pk)
    except Exception as exc:
        # The class only: a message could quote the holder's data (no personal data in logs).
        logger.error(
            "Rendu immédiat de l'attestation %s impossible (%s) : tâche",
            attestation_pk,
            type(exc).__name__,
        )
        _rendre_apres_commit(attestation_pk)
        return Attestation.objects.get(pk=attestation_pk)


def deuxddoc_construire(attestation: Attestation, *, signe_le: datetime.date) -> str:
    signataire = cles.signataire()
    entete = deuxddoc.Header(
        authority_id=signataire.autorite,
        certificate_id=signataire.certificat,
        issue_date=attestation.emise_le,
        signature_date=signe_le,
    )
    return deuxddoc.build(entete, attestation.donnees["champs_2ddoc"], signataire.cle)


def attestation_pdf(donnees: dict, *, texte_2ddoc: str, lignes_mrz: list[str]) -> bytes:
    """The PDF of an attestation's data (no storage)."""
    png = codes.datamatrix_png(texte_2ddoc)
    return rendu.render_to_pdf(
        TEMPLATE,
        {
            "d": donnees,
            "datamatrix": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
            "mrz": lignes_mrz,
            "specimen": cles.signataire().specimen,
            "site_url": settings.SITE_URL.rstrip("/"),
        },
    )


def attestation_rendre(*, attestation_pk: int) -> Attestation:
    """Render and store an attestation once. Idempotent: an attestation already rendered is
    returned as it is (the row lock keeps two workers from rendering it twice)."""
    with transaction.atomic():
        attestation = Attestation.objects.select_for_update().get(pk=attestation_pk)
        if attestation.disponible:
            return attestation
        donnees = attestation.donnees
        texte = deuxddoc_construire(attestation, signe_le=timezone.localdate())
        lignes = mrz.mrz_lines(**donnees["mrz"])
        pdf = attestation_pdf(donnees, texte_2ddoc=texte, lignes_mrz=lignes)
        empreinte = hashlib.sha256(pdf).hexdigest()
        nom = (
            f"attestations/{attestation.demande_id}/"
            f"{attestation.type}-v{attestation.version}-{empreinte[:16]}.pdf"
        )
        stocke = default_storage.save(nom, ContentFile(pdf))
        try:
            attestation.donnees = {**donnees, "deuxddoc": texte, "mrz_lignes": lignes}
            attestation.fichier.name = stocke
            attestation.sha256 = empreinte
            attestation.taille = len(pdf)
            attestation.rendue_le = timezone.now()
            attestation.save(update_fields=["donnees", "fichier", "sha256", "taille", "rendue_le"])
        except Exception:
            default_storage.delete(stocke)
            raise
    return attestation


def documents_du_depot_generer(
    *, demande, regle_adp: regles.RegleAdp, protection: str | None = None
) -> list[int]:
    """After a deposit: the confirmation de dépôt, and the ADP when regles.adp_au_depot says
    so under `regle_adp` (the motif's rule; `protection`: see documents.prolongation), rendered
    at once (task as fallback). Idempotent: a replay returns the existing ones.
    Returns their primary keys, to attach to the deposit e-mail; a document that cannot be
    produced is logged and left out, so that the deposit e-mail still goes."""
    pks: list[int] = []
    try:
        # A savepoint: a failure here must not break the caller's transaction (demandes.suites).
        with transaction.atomic():
            _documents_du_depot(demande, pks, regle_adp=regle_adp, protection=protection)
    except Exception as exc:
        logger.error(
            "Attestations du dépôt de la demande %s impossibles (%s)",
            demande.pk,
            type(exc).__name__,
        )
        # Rolled back with the savepoint: only the documents that existed before remain.
        return list(Attestation.objects.filter(pk__in=pks).values_list("pk", flat=True))
    return pks


def _documents_du_depot(
    demande, pks: list[int], *, regle_adp: regles.RegleAdp, protection: str | None
) -> None:
    existantes = {
        a.type: a
        for a in Attestation.objects.filter(
            demande=demande, type__in=[TypeAttestation.DEPOT, TypeAttestation.PROLONGATION]
        ).order_by("version")
    }
    emise_le = timezone.localdate(demande.deposee_le)
    depot = existantes.get(TypeAttestation.DEPOT) or attestation_creer(
        demande=demande,
        type=TypeAttestation.DEPOT,
        donnees=documents.depot(demande, emise_le=emise_le),
        emise_le=emise_le,
        rendre=Rendu.MAINTENANT,
    )
    pks.append(depot.pk)
    document = demande.document_actuel
    periode = regles.adp_au_depot(
        regle=regle_adp,
        renouvellement=demande.renouvellement,
        date_depot=emise_le,
        fin_titre=document.date_fin_validite if document else None,
    )
    if periode is not None:
        adp = existantes.get(TypeAttestation.PROLONGATION) or adp_generer(
            demande=demande,
            periode=periode,
            protection=protection,
            emise_le=emise_le,
            par=None,
            rendre=Rendu.MAINTENANT,
        )
        pks.append(adp.pk)


def adp_generer(
    *,
    demande,
    periode: regles.Periode,
    par,
    protection: str | None = None,
    emise_le: datetime.date | None = None,
    rendre: Rendu = Rendu.TACHE,
) -> Attestation:
    """An attestation de prolongation d'instruction valid over `periode` (new version);
    `protection`: see documents.prolongation."""
    emise_le = emise_le or timezone.localdate()
    if periode.fin < periode.debut:
        raise AttestationError("La fin de validité précède son début.")
    return attestation_creer(
        demande=demande,
        type=TypeAttestation.PROLONGATION,
        donnees=documents.prolongation(
            demande, emise_le=emise_le, periode=periode, protection=protection
        ),
        emise_le=emise_le,
        valide_du=periode.debut,
        valide_au=periode.fin,
        par=par,
        rendre=rendre,
    )


def adf_generer(
    *,
    demande,
    type_carte: str,
    date_debut: datetime.date,
    date_fin: datetime.date,
    mention: str,
    montant_taxe: Decimal | int,
    autorise_travail: bool,
    par,
    a_titre_accessoire: bool = False,
    emise_le: datetime.date | None = None,
) -> Attestation:
    """The attestation de décision favorable of a favourable decision (rendered by the
    worker after commit). Called again for the same request, it issues a corrected version.
    `a_titre_accessoire`: the motif's titles allow ancillary work only."""
    emise_le = emise_le or timezone.localdate()
    if date_fin < date_debut:
        raise AttestationError("La fin de validité du titre précède son début.")
    if Decimal(montant_taxe) < 0:
        raise AttestationError("Le montant des taxes ne peut pas être négatif.")
    return attestation_creer(
        demande=demande,
        type=TypeAttestation.DECISION_FAVORABLE,
        donnees=documents.decision_favorable(
            demande,
            emise_le=emise_le,
            type_carte=type_carte,
            date_debut=date_debut,
            date_fin=date_fin,
            mention=mention,
            montant_taxe=montant_taxe,
            autorise_travail=autorise_travail,
            a_titre_accessoire=a_titre_accessoire,
        ),
        emise_le=emise_le,
        valide_du=date_debut,
        valide_au=date_fin,
        par=par,
    )


def attestation_corriger(
    *, attestation: Attestation, par, rendre: Rendu = Rendu.TACHE
) -> Attestation:
    """Re-issue an attestation from the request's current data (état civil or address
    corrected in the registry): a new version; the previous one stays stored as it was. What
    the motif said (protection, ancillary work) is kept from the version corrected."""
    demande = attestation.demande
    emise_le = timezone.localdate()
    if attestation.type == TypeAttestation.DEPOT:
        donnees = documents.depot(demande, emise_le=emise_le)
    elif attestation.type == TypeAttestation.PROLONGATION:
        donnees = documents.prolongation(
            demande,
            emise_le=emise_le,
            periode=regles.Periode(attestation.valide_du, attestation.valide_au),
            protection=documents.protection_emise(attestation.donnees),
        )
    else:
        decision = attestation.donnees["decision"]
        donnees = documents.decision_favorable(
            demande,
            emise_le=emise_le,
            type_carte=decision["type_carte"],
            date_debut=datetime.date.fromisoformat(decision["date_debut"]),
            date_fin=datetime.date.fromisoformat(decision["date_fin"]),
            mention=decision["mention"],
            montant_taxe=Decimal(decision["montant_taxe"]),
            autorise_travail=decision["autorise_travail"],
            a_titre_accessoire=decision.get("a_titre_accessoire", False),
        )
    return attestation_creer(
        demande=demande,
        type=attestation.type,
        donnees=donnees,
        emise_le=emise_le,
        valide_du=attestation.valide_du,
        valide_au=attestation.valide_au,
        par=par,
        rendre=rendre,
    )
