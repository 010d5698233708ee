"""Reading an attestation back: find the 2D-DOC in a photo or a PDF, check its signature
against the published keys, and say what it certifies — or why it is refused, in French.
Nothing read here is stored."""

import datetime
import json
import tempfile
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django_countries.fields import Country

from anef import sandbox
from anef.nationalites import nationalite_adjectif
from attestations import cles, deuxddoc, lecture

TAILLE_MAX = 10 * 1024 * 1024

LIBELLES = {
    "6J": "Type de document",
    "6K": "N° de la demande",
    "6L": "Date de dépôt",
    "6Q": "N° étranger",
    "62": "Nom de naissance",
    "63": "Nom d'usage",
    "60": "Prénom(s)",
    "68": "Sexe",
    "69": "Date de naissance",
    "6A": "Lieu de naissance",
    "6C": "Pays de naissance",
    "67": "Nationalité",
    "6U": "Adresse",
    "6W": "Code postal",
    "6X": "Commune",
    "6Y": "Pays du domicile",
    "6M": "Catégorie du titre",
    "6N": "Début de validité",
    "6O": "Fin de validité",
    "6P": "Autorisation",
}
TYPES = {
    "1": "Confirmation de dépôt d'une demande de titre de séjour",
    "2": "Attestation de prolongation d'instruction",
    "3": "Attestation de décision favorable",
}
DATES = {"6L", "6N", "6O"}
SEXES = {"F": "Femme", "M": "Homme"}

PAS_DE_CODE = (
    "Aucun code 2D-DOC n'a été trouvé : envoyez une photo nette et entière du code, ou le PDF "
    "de l'attestation."
)
PAS_UN_2DDOC = "Ce code n'est pas le 2D-DOC d'une attestation de titre de séjour."
SIGNATURE_INVALIDE = (
    "Signature invalide : le contenu de ce code a été modifié ou n'a pas été signé par ce "
    "service. Ce document n'est pas authentique."
)
FICHIER_ILLISIBLE = "Ce fichier n'est ni une image ni un PDF lisible."
FICHIER_TROP_LOURD = "Le fichier dépasse la taille maximale de 10 Mo."
IMAGE_TROP_GRANDE = (
    "Image trop grande pour être lue : envoyez une photo de 16 millions de pixels au plus, ou "
    "le PDF de l'attestation."
)
FICHIER_TROP_COMPLEXE = (
    "Ce fichier est trop complexe pour être lu : envoyez une photo nette du code ou le PDF "
    "d'origine de l'attestation."
)


class FichierRefuse(Exception):
    """A file the page cannot read; the message is the reason shown."""


@dataclass
class Resultat:
    valide: bool
    message: str
    type_document: str = ""
    champs: list[tuple[str, str]] = field(default_factory=list)
    autorite: str = ""
    certificat: str = ""
    emis_le: datetime.date | None = None
    specimen: bool = False


def _pays(code: str) -> str:
    with translation.override("fr"):
        return str(Country(code=code).name or code)


def _lisible(di: str, valeur: str) -> str:
    """A field as a person reads it: names for country codes and document types, « Femme »
    for F, dates JJ/MM/AAAA."""
    if di == "6J":
        return TYPES.get(valeur, valeur)
    if di in DATES or di == "69":
        return f"{valeur[:2]}/{valeur[2:4]}/{valeur[4:]}"
    if di == "68":
        return SEXES.get(valeur, valeur)
    if di in ("6C", "6Y"):
        return _pays(valeur)
    if di == "67":
        return nationalite_adjectif(valeur)
    return valeur


def _date(valeur: str) -> datetime.date:
    return datetime.date(int(valeur[4:]), int(valeur[2:4]), int(valeur[:2]))


def verifier_texte(texte: str) -> Resultat:
    """Parse a 2D-DOC text and check it: well formed, known certificate, valid signature,
    validity not over."""
    try:
        decode = deuxddoc.parse(texte.strip())
    except (ValueError, UnicodeError):
        return Resultat(False, PAS_UN_2DDOC)
    entete = decode.header
    if "6J" not in decode.fields or "6K" not in decode.fields:
        return Resultat(False, PAS_UN_2DDOC)
    cle = cles.cle_publique(entete.authority_id, entete.certificate_id)
    if cle is None:
        return Resultat(
            False,
            f"Certificat inconnu : l'autorité {entete.authority_id}, certificat "
            f"{entete.certificate_id}, n'est pas publiée par ce service.",
        )
    if not deuxddoc.has_valid_signature(decode, cle):
        return Resultat(False, SIGNATURE_INVALIDE)
    champs = [
        (
            LIBELLES.get(di, di),
            _lisible(di, valeur) + (" (tronqué)" if di in decode.truncated else ""),
        )
        for di, valeur in decode.fields.items()
        if not (di == "63" and valeur == decode.fields.get("62"))  # no nom d'usage: 62 repeated
    ]
    resultat = Resultat(
        True,
        "Signature valide : ce code a été émis par le ministère de l'Intérieur et n'a pas été "
        "modifié. Vérifiez que les informations ci-dessous sont celles du document présenté.",
        type_document=TYPES.get(decode.fields["6J"], ""),
        champs=champs,
        autorite=entete.authority_id,
        certificat=entete.certificate_id,
        emis_le=entete.issue_date,
        specimen=entete.authority_id == cles.AUTORITE_DEV,
    )
    fin = decode.fields.get("6O")
    if fin and _date(fin) < timezone.localdate():
        resultat.valide = False
        resultat.message = (
            f"Validité expirée : cette attestation n'est plus valable depuis le "
            f"{fin[:2]}/{fin[2:4]}/{fin[4:]}. Sa signature est authentique."
        )
    return resultat


def textes_du_fichier(contenu: bytes) -> list[str]:
    """The DataMatrix texts found in an uploaded photo or PDF ([] if none). The decoding runs
    in a child process with CPU and memory limits (attestations/lecture.py): raises
    FichierRefuse with the reason when the file is too large, unreadable or too costly."""
    if len(contenu) > TAILLE_MAX:
        raise FichierRefuse(FICHIER_TROP_LOURD)
    with tempfile.TemporaryFile() as entree, tempfile.TemporaryFile() as sortie:
        entree.write(contenu)
        entree.seek(0)
        code = sandbox.run("attestations.lecture", stdin=entree, stdout=sortie)
        if code == lecture.LU:
            sortie.seek(0)
            return json.loads(sortie.read() or b"[]")
    raise FichierRefuse(
        {
            lecture.ILLISIBLE: FICHIER_ILLISIBLE,
            lecture.TROP_GRANDE: IMAGE_TROP_GRANDE,
        }.get(code, FICHIER_TROP_COMPLEXE)
    )


def verifier_fichier(contenu: bytes) -> Resultat:
    try:
        textes = textes_du_fichier(contenu)
    except FichierRefuse as exc:
        return Resultat(False, str(exc))
    if not textes:
        return Resultat(False, PAS_DE_CODE)
    resultats = [verifier_texte(t) for t in textes]
    return next((r for r in resultats if r.valide), resultats[0])
