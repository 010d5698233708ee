"""Import of the registry of issued documents from a CSV export, upserted by document number.

Counting: a line whose document already exists with the very same values is "unchanged" and is
not written, so re-importing a file gives 0 created, 0 updated, N unchanged. A number seen twice
in one file is rejected the second time (the set of numbers seen is the only state kept across
batches: rows are streamed and written batch by batch, one transaction each).
"""

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from accounts.models import DocumentSejour, NatureDocument, Prefecture, Sexe

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
COLONNE_PREFECTURE = "prefecture"
FORMATS_DATE = ["%Y-%m-%d", "%d/%m/%Y"]
NUMERO_DOCUMENT = re.compile(r"[A-Za-z0-9]{1,20}")
NUMERO_ETRANGER = re.compile(r"\d{10}")
TAILLE_LOT = 500


class RegistreFichierInvalide(Exception):
    """The file as a whole cannot be imported (empty, header without a required column)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def registre_importer(*, lignes: Iterable[str], taille_lot: int = TAILLE_LOT) -> ImportReport:
    """Import the registry lines of a CSV file (text lines, or a file opened in text mode).

    Reasons never quote holders' data (names, birth dates, nationality): only column names and
    codes, so that the report can be printed in operations logs."""
    report = ImportReport()
    lignes = iter(lignes)
    entete = next(lignes, None)
    if entete is None or not entete.strip():
        raise RegistreFichierInvalide(_("Le fichier est vide : la ligne d'en-tête est absente."))
    entete = entete.lstrip("\ufeff")
    delimiteur = ";" if entete.count(";") > entete.count(",") else ","
    lecteur = csv.reader(chain([entete], lignes), delimiter=delimiteur)
    colonnes = [nom.strip().lower() for nom in next(lecteur)]
    absentes = [nom for nom in COLONNES_OBLIGATOIRES if nom not in colonnes]
    if absentes:
        raise RegistreFichierInvalide(
            _("Colonne(s) absente(s) de l'en-tête : %(colonnes)s.")
            % {"colonnes": ", ".join(absentes)}
        )

    prefectures = dict(Prefecture.objects.values_list("code", "pk"))
    numeros_vus: set[str] = set()
    lot: list[tuple[int, dict]] = []
    for numero_ligne, valeurs in _enregistrements(lecteur):
        if len(valeurs) != len(colonnes):
            report.rejected.append((numero_ligne, _raison_nombre_colonnes(colonnes, valeurs)))
            continue
        donnees, erreurs = _document_lire(dict(zip(colonnes, valeurs, strict=True)), prefectures)
        if not erreurs and donnees["numero"] in numeros_vus:
            erreurs.append(_("numéro de document déjà présent plus haut dans le fichier"))
        if erreurs:
            report.rejected.append((numero_ligne, " ; ".join(erreurs)))
            continue
        numeros_vus.add(donnees["numero"])
        lot.append((numero_ligne, donnees))
        if len(lot) >= taille_lot:
            _lot_enregistrer(lot, report)
            lot = []
    if lot:
        _lot_enregistrer(lot, report)
    return report


def documents_enregistrer(*, documents: Iterable[dict]) -> ImportReport:
    """Upsert already-valid documents (model field names, prefecture as prefecture_id)."""
    report = ImportReport()
    _lot_enregistrer(list(enumerate(documents, start=1)), report)
    return report


def _enregistrements(lecteur) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record with the file line it starts on (a quoted field may span lines)."""
    fin_precedente = lecteur.line_num
    for valeurs in lecteur:
        debut = fin_precedente + 1
        fin_precedente = lecteur.line_num
        if any(valeur.strip() for valeur in valeurs):
            yield debut, valeurs


def _raison_nombre_colonnes(colonnes: list[str], valeurs: list[str]) -> str:
    if len(valeurs) < len(colonnes):
        return _("colonne(s) manquante(s) : %(colonnes)s") % {
            "colonnes": ", ".join(colonnes[len(valeurs) :])
        }
    return _("trop de valeurs : %(trouvees)s au lieu de %(attendues)s") % {
        "trouvees": len(valeurs),
        "attendues": len(colonnes),
    }


def _document_lire(brut: dict[str, str], prefectures: dict[str, int]) -> tuple[dict, list[str]]:
    """The model values of one line and the list of what is wrong with it."""
    valeurs = {nom: brut.get(nom, "").strip() for nom in [*COLONNES_OBLIGATOIRES, "prefecture"]}
    erreurs: list[str] = []
    donnees: dict = {}

    if not NUMERO_DOCUMENT.fullmatch(valeurs["numero"]):
        erreurs.append(_("numéro du document invalide (1 à 20 lettres ou chiffres attendus)"))
    donnees["numero"] = valeurs["numero"]

    nature = valeurs["nature"].lower()
    if nature not in NatureDocument.values:
        erreurs.append(
            _("nature inconnue « %(nature)s » (attendu : titre_sejour, vls_ts ou visa)")
            % {"nature": valeurs["nature"][:20]}
        )
    donnees["nature"] = nature

    if valeurs["numero_etranger"] and not NUMERO_ETRANGER.fullmatch(valeurs["numero_etranger"]):
        erreurs.append(_("N° étranger invalide (10 chiffres attendus, ou vide)"))
    donnees["numero_etranger"] = valeurs["numero_etranger"]

    for nom, libelle, longueur, obligatoire in [
        ("nom_naissance", _("nom de naissance"), 100, True),
        ("prenoms", _("prénom(s)"), 150, True),
        ("lieu_naissance", _("lieu de naissance"), 100, True),
        ("type_titre", _("type de titre"), 100, False),
        ("motif", _("motif"), 100, True),
        ("mention", _("mention"), 150, False),
    ]:
        if obligatoire and not valeurs[nom]:
            erreurs.append(_("%(champ)s manquant") % {"champ": libelle})
        elif len(valeurs[nom]) > longueur:
            erreurs.append(
                _("%(champ)s : %(max)s caractères au plus") % {"champ": libelle, "max": longueur}
            )
        donnees[nom] = valeurs[nom]

    sexe = valeurs["sexe"].upper()
    if sexe not in Sexe.values:
        erreurs.append(_("sexe invalide (attendu : F, M ou X)"))
    donnees["sexe"] = sexe

    for nom, erreur in [
        ("pays_naissance", _("pays de naissance inconnu (code ISO à 2 ou 3 lettres attendu)")),
        ("nationalite", _("nationalité inconnue (code ISO à 2 ou 3 lettres attendu)")),
    ]:
        donnees[nom] = _pays(valeurs[nom])
        if not donnees[nom]:
            erreurs.append(erreur)

    for nom, libelle in [
        ("date_naissance", _("date de naissance")),
        ("date_debut_validite", _("date de début de validité")),
        ("date_fin_validite", _("date de fin de validité")),
    ]:
        donnees[nom] = _date(valeurs[nom])
        if donnees[nom] is None:
            erreurs.append(
                _("%(champ)s invalide (format AAAA-MM-JJ ou JJ/MM/AAAA attendu)")
                % {"champ": libelle}
            )
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


def _date(texte: str) -> date | None:
    for format_date in FORMATS_DATE:
        try:
            return datetime.strptime(texte, format_date).date()
        except ValueError:
            continue
    return None


def _lot_enregistrer(lot: list[tuple[int, dict]], report: ImportReport) -> None:
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
                report.unchanged += 1
                continue
            for nom in modifies:
                setattr(document, nom, donnees[nom])
            document.save(update_fields=[*modifies, "mis_a_jour_le"])
            report.updated += 1
        DocumentSejour.objects.bulk_create(nouveaux)
        report.created += len(nouveaux)
