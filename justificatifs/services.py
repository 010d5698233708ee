"""Writes of the justificatifs: attach and delete files, confirm and release an e-photo code,
import the e-photo table.

This app does not import `demandes` (which depends on it): a request is taken as it comes and
re-read under lock through its own model class."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anef.csv_import import RapportImport, champs_valider, csv_lire, date_lire
from justificatifs.models import Consultation, EPhoto, Fichier
from justificatifs.regles import FICHIERS_PAR_PIECE_MAX
from justificatifs.validation import (
    FichierRefuse,
    Verdict,
    empreinte,
    nom_nettoyer,
    verifier_fichier,
)

__all__ = [
    "DemandeNonModifiable",
    "consultation_enregistrer",
    "EPhotoRefusee",
    "FichierRefuse",
    "ephoto_confirmer",
    "ephoto_supprimer",
    "ephotos_importer",
    "fichier_ajouter",
    "fichier_complement_enregistrer",
    "fichier_verifier",
    "fichier_supprimer",
    "fichiers_supprimer_tous",
    "fichiers_complement_retirer",
]

EPHOTO_CODE = re.compile(r"[A-Z0-9]{22}")
EPHOTO_SEPARATEURS = re.compile(r"[\s\-.]")


class DemandeNonModifiable(PermissionDenied):
    """The request is not a draft of the acting user (a 403 if nobody catches it)."""


class EPhotoRefusee(Exception):
    """An e-photo code that cannot be used; the message is the reason shown to the user."""


def consultation_enregistrer(*, fichier: Fichier, par) -> Consultation:
    """Record that an agent opened a file from the back office (before it is served)."""
    with transaction.atomic():
        return Consultation.objects.create(fichier=fichier, agent=par)


def fichier_ajouter(*, demande, piece: str, upload, par) -> Fichier:
    """Check an uploaded file and store it for one item of a draft.

    `upload` is any seekable binary file with a `name` (an UploadedFile): a big upload is a
    temporary file on disk, read in chunks, never held whole in memory.
    Raises FichierRefuse (reason for the user) or DemandeNonModifiable."""
    _demande_verifier(demande, par)
    if Fichier.objects.filter(demande=demande, piece=piece).count() >= FICHIERS_PAR_PIECE_MAX:
        raise FichierRefuse(_message_trop_de_fichiers())
    verdict = verifier_fichier(upload)
    try:
        fichier = Fichier(
            demande=demande,
            piece=piece,
            nom=nom_nettoyer(getattr(upload, "name", ""), type_mime=verdict.type_mime),
            taille=verdict.taille,
            type_mime=verdict.type_mime,
            sha256=empreinte(verdict.contenu),
        )
        with transaction.atomic():
            _demande_verrouiller(demande, par)
            if Fichier.objects.filter(demande=demande, piece=piece).count() >= (
                FICHIERS_PAR_PIECE_MAX
            ):
                raise FichierRefuse(_message_trop_de_fichiers())
            fichier.fichier.save("", File(verdict.contenu), save=False)
            try:
                fichier.save()
            except BaseException:
                fichier.fichier.storage.delete(fichier.fichier.name)
                raise
    finally:
        if verdict.contenu is not upload:
            verdict.contenu.close()
    return fichier


@dataclass
class FichierVerifie:
    """An upload checked by `fichier_verifier`, ready to be stored (close it when done)."""

    verdict: Verdict
    nom: str

    def fermer(self, upload) -> None:
        if self.verdict.contenu is not upload:
            self.verdict.contenu.close()


def fichier_verifier(upload) -> FichierVerifie:
    """The checks of `fichier_ajouter` (type from the content, size, sandboxed parsing), run
    before any lock is taken. Raises FichierRefuse (reason for the user)."""
    verdict = verifier_fichier(upload)
    return FichierVerifie(
        verdict=verdict,
        nom=nom_nettoyer(getattr(upload, "name", ""), type_mime=verdict.type_mime),
    )


def fichier_complement_enregistrer(*, element, verifie: FichierVerifie) -> Fichier:
    """Store a new version of a requested item, beside the files it replaces (which stay).

    Only for `instruction.complements.complement_fichier_ajouter`: it calls this inside its
    transaction, the request's row locked and its state (complément demandé, the complement
    waiting) and owner checked there — a request that is no longer a draft takes no file any
    other way. The stored object is deleted if the row cannot be written."""
    fichier = Fichier(
        demande_id=element.complement.demande_id,
        piece=element.piece,
        nom=verifie.nom,
        taille=verifie.verdict.taille,
        type_mime=verifie.verdict.type_mime,
        sha256=empreinte(verifie.verdict.contenu),
        element_complement=element,
    )
    fichier.fichier.save("", File(verifie.verdict.contenu), save=False)
    try:
        fichier.save()
    except BaseException:
        fichier.fichier.storage.delete(fichier.fichier.name)
        raise
    return fichier


def fichiers_complement_retirer(*, fichiers) -> None:
    """Remove files added in answer to a complement not sent yet, and their stored objects once
    the transaction commits (same caller and conditions as `fichier_complement_enregistrer`)."""
    fichiers = list(fichiers)
    _objets_supprimer_apres_commit([f.fichier.name for f in fichiers])
    Fichier.objects.filter(pk__in=[f.pk for f in fichiers]).delete()


def fichier_supprimer(*, fichier: Fichier, par) -> None:
    """Remove a file from a draft, and its stored object once the transaction commits."""
    with transaction.atomic():
        _demande_verrouiller(fichier.demande, par)
        _objets_supprimer_apres_commit([fichier.fichier.name])
        Fichier.objects.filter(pk=fichier.pk).delete()


def fichiers_supprimer_tous(*, demande) -> int:
    """Remove every file of a request and their stored objects (when a draft is abandoned:
    call it before deleting the request, whose CASCADE would leave the objects behind)."""
    with transaction.atomic():
        noms = list(Fichier.objects.filter(demande=demande).values_list("fichier", flat=True))
        _objets_supprimer_apres_commit(noms)
        Fichier.objects.filter(demande=demande).delete()
    return len(noms)


def ephoto_confirmer(*, demande, code: str, par) -> EPhoto:
    """Check an e-photo code and reserve it for the draft, releasing the one it held before.

    Raises EPhotoRefusee (reason for the user) or DemandeNonModifiable."""
    code = EPHOTO_SEPARATEURS.sub("", code or "").upper()
    if not EPHOTO_CODE.fullmatch(code):
        raise EPhotoRefusee(_("Le numéro ephoto comporte 22 caractères (chiffres et lettres)."))
    with transaction.atomic():
        _demande_verrouiller(demande, par)
        ephoto = EPhoto.objects.select_for_update().filter(code=code).first()
        if ephoto is None:
            raise EPhotoRefusee(
                _(
                    "Ce numéro ephoto est inconnu. Vérifiez le numéro figurant sur votre planche "
                    "photo : les données de la photo parviennent au service 24 à 48 heures après "
                    "la prise de vue."
                )
            )
        if ephoto.demande_id is not None and ephoto.demande_id != demande.pk:
            raise EPhotoRefusee(
                _(
                    "Ce numéro ephoto a déjà été utilisé pour une autre démarche. "
                    "Vous devez refaire une e-photo."
                )
            )
        if not ephoto.est_valable(timezone.localdate()):
            raise EPhotoRefusee(
                _(
                    "Ce numéro ephoto n'est plus valable (validité de 6 mois). "
                    "Vous devez refaire une e-photo."
                )
            )
        if ephoto.demande_id == demande.pk:
            return ephoto
        EPhoto.objects.filter(demande=demande).update(demande=None, reservee_le=None)
        ephoto.demande = demande
        ephoto.reservee_le = timezone.now()
        ephoto.save(update_fields=["demande", "reservee_le"])
    return ephoto


def ephoto_supprimer(*, demande, par) -> None:
    """Release the draft's e-photo code (it may then be confirmed again, here or elsewhere)."""
    with transaction.atomic():
        _demande_verrouiller(demande, par)
        EPhoto.objects.filter(demande=demande).update(demande=None, reservee_le=None)


# --- Import of the e-photo table ---------------------------------------------------------------


def ephotos_importer(*, lignes: Iterable[str]) -> RapportImport:
    """Upsert the e-photo codes of a CSV file (columns `code` and `prise_le`), idempotent.

    Reasons name the line and the column, never the code itself."""
    rapport = RapportImport()
    valides: dict[str, tuple[int, date]] = {}
    for numero_ligne, brut in csv_lire(
        lignes, colonnes_obligatoires=["code", "prise_le"], rapport=rapport
    ):
        code = EPHOTO_SEPARATEURS.sub("", brut["code"]).upper()
        prise_le = date_lire(brut["prise_le"])
        erreurs, signales = [], set()
        if not EPHOTO_CODE.fullmatch(code):
            erreurs.append(_("code invalide (22 lettres majuscules ou chiffres attendus)"))
            signales.add("code")
        if prise_le is None:
            erreurs.append(_("prise_le invalide (format AAAA-MM-JJ ou JJ/MM/AAAA attendu)"))
            signales.add("prise_le")
        elif prise_le > timezone.localdate():
            erreurs.append(_("prise_le dans le futur"))
        erreurs += champs_valider(EPhoto, {"code": code, "prise_le": prise_le}, sauf=signales)
        if not erreurs and code in valides:
            erreurs.append(_("code déjà présent ligne %(ligne)s") % {"ligne": valides[code][0]})
        if erreurs:
            rapport.rejetes.append((numero_ligne, " ; ".join(erreurs)))
            continue
        valides[code] = (numero_ligne, prise_le)

    with transaction.atomic():
        existantes = {
            ephoto.code: ephoto
            for ephoto in EPhoto.objects.select_for_update().filter(code__in=valides)
        }
        nouvelles, modifiees = [], []
        for code, (_ligne, prise_le) in valides.items():
            ephoto = existantes.get(code)
            if ephoto is None:
                nouvelles.append(EPhoto(code=code, prise_le=prise_le))
            elif ephoto.prise_le != prise_le:
                ephoto.prise_le = prise_le
                modifiees.append(ephoto)
            else:
                rapport.inchanges += 1
        EPhoto.objects.bulk_create(nouvelles, batch_size=1000)
        EPhoto.objects.bulk_update(modifiees, ["prise_le"], batch_size=1000)
    rapport.crees, rapport.mis_a_jour = len(nouvelles), len(modifiees)
    return rapport


# --- Helpers ------------------------------------------------------------------------------------


def _demande_verifier(demande, par) -> None:
    if demande.usager_id != getattr(par, "pk", None) or not demande.pieces_ajoutables:
        raise DemandeNonModifiable(
            _("Cette demande ne peut plus être modifiée : elle a déjà été déposée.")
        )


def _demande_verrouiller(demande, par) -> None:
    """Lock the request's row and check, on fresh values, that it is a draft of `par`: a
    concurrent deposit or a second tab cannot slip a change in."""
    fraiche = (
        type(demande)
        ._default_manager.select_for_update(of=("self",))
        .only("pk", "etat", "usager_id")
        .get(pk=demande.pk)
    )
    _demande_verifier(fraiche, par)


def _objets_supprimer_apres_commit(noms: list[str]) -> None:
    storage = Fichier._meta.get_field("fichier").storage

    def supprimer():
        for nom in noms:
            storage.delete(nom)

    transaction.on_commit(supprimer)


def _message_trop_de_fichiers() -> str:
    return _(
        "Vous avez déjà joint %(nombre)s fichiers pour ce document : supprimez-en un pour en "
        "ajouter un autre."
    ) % {"nombre": FICHIERS_PAR_PIECE_MAX}
