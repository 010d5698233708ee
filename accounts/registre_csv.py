"""Import of the registry of issued documents from a CSV export, upserted by document number.

Counting: a line whose document already exists with the very same values is "unchanged" and is
not written, so re-importing a file gives 0 created, 0 updated, N unchanged. A number seen twice
in one file is rejected the second time (the set of numbers seen is the only state kept across
batches: rows are streamed and written batch by batch, one transaction each).
"""

import re
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from accounts.models import DocumentSejour, NatureDocument, Prefecture, Sexe
from anef.csv_import import FichierCsvInvalide, RapportImport, champs_valider, csv_lire, date_lire

__all__ = ["RapportImport", "RegistreFichierInvalide", "documents_enregistrer", "registre_importer"]

COLONNES_OBLIGATOIRES = [
    "numero",
    "nature",
    "numero_etranger",
    "nom_naissance",
    "prenoms",
    "sexe",
    "date_naissance",
    "pays_naissance",
    "lieu_naissance",
    "nationalite",
    "type_titre",
    "motif",
    "mention",
    "date_debut_validite",
    "date_fin_validite",
]
NUMERO_DOCUMENT = re.compile(r"[A-Za-z0-9]{1,20}")
NUMERO_ETRANGER = re.compile(r"\d{10}")
TAILLE_LOT = 500

RegistreFichierInvalide = FichierCsvInvalide


def registre_importer(*, lignes: Iterable[str], taille_lot: int = TAILLE_LOT) -> RapportImport:
    """Import the registry lines of a CSV file (text lines, or a file opened in text mode).

    Reasons never quote holders' data (names, birth dates, nationality): only column names and
    codes, so that the report can be printed in operations logs."""
    rapport = RapportImport()
    enregistrements = csv_lire(lignes, colonnes_obligatoires=COLONNES_OBLIGATOIRES, rapport=rapport)
    prefectures = dict(Prefecture.objects.values_list("code", "pk"))
    numeros_vus: set[str] = set()
    lot: list[tuple[int, dict]] = []
    for numero_ligne, brut in enregistrements:
        donnees, erreurs = _document_lire(brut, prefectures)
        if not erreurs and donnees["numero"] in numeros_vus:
            erreurs.append(_("numéro de document déjà présent plus haut dans le fichier"))
        if erreurs:
            rapport.rejetes.append((numero_ligne, " ; ".join(erreurs)))
            continue
        numeros_vus.add(donnees["numero"])
        lot.append((numero_ligne, donnees))
        if len(lot) >= taille_lot:
            _lot_enregistrer(lot, rapport)
            lot = []
    if lot:
        _lot_enregistrer(lot, rapport)
    return rapport


def documents_enregistrer(*, documents: Iterable[dict]) -> RapportImport:
    """Upsert already-valid documents (model field names, prefecture as prefecture_id)."""
    rapport = RapportImport()
    _lot_enregistrer(list(enumerate(documents, start=1)), rapport)
    return rapport


def _document_lire(brut: dict[str, str], prefectures: dict[str, int]) -> tuple[dict, list[str]]:
    """The model values of one line and the list of what is wrong with it: the registry's own
    formats (numbers, codes, dates) first, then the model's field definitions for the rest."""
    valeurs = {nom: brut.get(nom, "") for nom in [*COLONNES_OBLIGATOIRES, "prefecture"]}
    erreurs: list[str] = []
    donnees: dict = {nom: valeurs[nom] for nom in COLONNES_OBLIGATOIRES}
    deja_signales = set()

    def erreur(nom: str, raison: str) -> None:
        erreurs.append(raison)
        deja_signales.add(nom)

    if not NUMERO_DOCUMENT.fullmatch(valeurs["numero"]):
        erreur("numero", _("numéro du document invalide (1 à 20 lettres ou chiffres attendus)"))

    donnees["nature"] = valeurs["nature"].lower()
    if donnees["nature"] not in NatureDocument.values:
        erreur(
            "nature",
            _("nature inconnue « %(nature)s » (attendu : titre_sejour, vls_ts ou visa)")
            % {"nature": valeurs["nature"][:20]},
        )

    if valeurs["numero_etranger"] and not NUMERO_ETRANGER.fullmatch(valeurs["numero_etranger"]):
        erreur("numero_etranger", _("N° étranger invalide (10 chiffres attendus, ou vide)"))

    donnees["sexe"] = valeurs["sexe"].upper()
    if donnees["sexe"] not in Sexe.values:
        erreur("sexe", _("sexe invalide (attendu : F, M ou X)"))

    for nom, raison in [
        ("pays_naissance", _("pays de naissance inconnu (code ISO à 2 ou 3 lettres attendu)")),
        ("nationalite", _("nationalité inconnue (code ISO à 2 ou 3 lettres attendu)")),
    ]:
        donnees[nom] = _pays(valeurs[nom])
        if not donnees[nom]:
            erreur(nom, raison)

    for nom, libelle in [
        ("date_naissance", _("date de naissance")),
        ("date_debut_validite", _("date de début de validité")),
        ("date_fin_validite", _("date de fin de validité")),
    ]:
        donnees[nom] = date_lire(valeurs[nom])
        if donnees[nom] is None:
            erreur(
                nom,
                _("%(champ)s invalide (format AAAA-MM-JJ ou JJ/MM/AAAA attendu)")
                % {"champ": libelle},
            )

    erreurs.extend(champs_valider(DocumentSejour, donnees, sauf=deja_signales))

    if donnees["date_naissance"] and donnees["date_naissance"] > timezone.localdate():
        erreurs.append(_("date de naissance dans le futur"))
    debut, fin = donnees["date_debut_validite"], donnees["date_fin_validite"]
    if debut and fin and fin < debut:
        erreurs.append(_("date de fin de validité antérieure à la date de début"))

    code_prefecture = valeurs["prefecture"]
    donnees["prefecture_id"] = prefectures.get(code_prefecture) if code_prefecture else None
    if code_prefecture and donnees["prefecture_id"] is None:
        erreurs.append(_("code préfecture inconnu « %(code)s »") % {"code": code_prefecture[:10]})
    return donnees, erreurs


def _pays(code: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2,3}", code):
        return ""
    return countries.alpha2(code)


def _lot_enregistrer(lot: list[tuple[int, dict]], rapport: RapportImport) -> None:
    with transaction.atomic():
        existants = {
            document.numero: document
            for document in DocumentSejour.objects.select_for_update().filter(
                numero__in=[donnees["numero"] for _ligne, donnees in lot]
            )
        }
        nouveaux = []
        for _ligne, donnees in lot:
            document = existants.get(donnees["numero"])
            if document is None:
                nouveaux.append(DocumentSejour(**donnees))
                continue
            modifies = [nom for nom, valeur in donnees.items() if getattr(document, nom) != valeur]
            if not modifies:
                rapport.inchanges += 1
                continue
            for nom in modifies:
                setattr(document, nom, donnees[nom])
            document.save(update_fields=[*modifies, "mis_a_jour_le"])
            rapport.mis_a_jour += 1
        DocumentSejour.objects.bulk_create(nouveaux)
        rapport.crees += len(nouveaux)
