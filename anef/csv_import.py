"""What the CSV imports (registry, e-photos, BAN addresses) share: one reader, one report, one
date parser, the validation of values against the model's own fields, and the command shape
(read the file, call the app's import service, print the counts and each rejected line — line
number and reason only: never the holder's data)."""

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from django.utils.translation import gettext as _

DELIMITEURS = ";,"
FORMATS_DATE = ("%Y-%m-%d", "%d/%m/%Y")


class FichierCsvInvalide(ValueError):
    """The file as a whole cannot be imported (empty, header without a required column)."""


@dataclass
class RapportImport:
    crees: int = 0
    mis_a_jour: int = 0
    inchanges: int = 0
    # (line of the file where the record starts, reason)
    rejetes: list[tuple[int, str]] = field(default_factory=list)


def csv_lire(
    lignes: Iterable[str], *, colonnes_obligatoires: Sequence[str], rapport: RapportImport
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each non-blank record of a CSV file (text lines, or a file opened in text mode with
    `newline=""`) as {column: stripped value}, with the file line it starts on (a quoted field
    may span lines). The delimiter, `;` or `,`, is read from the header line; quoted fields
    keep their delimiters. A record with too few or too many values is added to
    `rapport.rejetes` and skipped."""
    lignes = iter(lignes)
    entete = next(lignes, None)
    if entete is None or not entete.strip():
        raise FichierCsvInvalide(_("Le fichier est vide : la ligne d'en-tête est absente."))
    entete = entete.lstrip("\ufeff")
    lecteur = csv.reader(chain([entete], lignes), delimiter=_delimiteur(entete))
    colonnes = [nom.strip().lower() for nom in next(lecteur)]
    absentes = [nom for nom in colonnes_obligatoires if nom not in colonnes]
    if absentes:
        raise FichierCsvInvalide(
            _("Colonne(s) absente(s) de l'en-tête : %(colonnes)s.")
            % {"colonnes": ", ".join(absentes)}
        )
    fin_precedente = lecteur.line_num
    for valeurs in lecteur:
        debut, fin_precedente = fin_precedente + 1, lecteur.line_num
        if not any(valeur.strip() for valeur in valeurs):
            continue
        if len(valeurs) != len(colonnes):
            rapport.rejetes.append((debut, _raison_nombre_colonnes(colonnes, valeurs)))
            continue
        yield debut, {nom: valeur.strip() for nom, valeur in zip(colonnes, valeurs, strict=True)}


def date_lire(texte: str) -> date | None:
    """A date written AAAA-MM-JJ or JJ/MM/AAAA; None otherwise."""
    for format_date in FORMATS_DATE:
        try:
            return datetime.strptime(texte.strip(), format_date).date()
        except ValueError:
            continue
    return None


def champs_valider(
    modele: type[models.Model], valeurs: dict, *, sauf: Iterable[str] = ()
) -> list[str]:
    """What is wrong with `valeurs` (model field name → value) by the model's own field
    definitions: required, max_length, choices, validators. Uniqueness and foreign keys are the
    caller's. Reasons name the field, never the value (no personal data in reports)."""
    erreurs = []
    for nom, valeur in valeurs.items():
        if nom in sauf:
            continue
        champ = modele._meta.get_field(nom)
        try:
            champ.clean(valeur, None)
        except ValidationError as exc:
            erreurs.append(_raison_champ(champ, exc))
    return erreurs


def _delimiteur(entete: str) -> str:
    try:
        return csv.Sniffer().sniff(entete, delimiters=DELIMITEURS).delimiter
    except csv.Error:  # a header of one column, or one the sniffer cannot decide on
        return ";" if entete.count(";") >= entete.count(",") else ","


def _raison_nombre_colonnes(colonnes: list[str], valeurs: list[str]) -> str:
    if len(valeurs) < len(colonnes):
        return _("colonne(s) manquante(s) : %(colonnes)s") % {
            "colonnes": ", ".join(colonnes[len(valeurs) :])
        }
    return _("trop de valeurs : %(trouvees)s au lieu de %(attendues)s") % {
        "trouvees": len(valeurs),
        "attendues": len(colonnes),
    }


def _raison_champ(champ: models.Field, exc: ValidationError) -> str:
    codes = {erreur.code for erreur in exc.error_list}
    libelle = champ.verbose_name
    if codes & {"blank", "null"}:
        return _("champ « %(champ)s » manquant") % {"champ": libelle}
    if "max_length" in codes:
        return _("%(champ)s : %(max)s caractères au plus") % {
            "champ": libelle,
            "max": champ.max_length,
        }
    if "invalid_choice" in codes:
        return _("%(champ)s : valeur inconnue") % {"champ": libelle}
    return _("champ « %(champ)s » invalide") % {"champ": libelle}


class CsvImportCommand(BaseCommand):
    # Set by each command: the service taking `lignes=` and returning a RapportImport.
    importer = None
    # The service's "this file cannot be imported at all" exceptions.
    fichier_invalide: tuple[type[Exception], ...] = (FichierCsvInvalide,)

    def add_arguments(self, parser):
        parser.add_argument("fichier", help=_("chemin du fichier CSV"))

    def handle(self, *args, fichier, **options):
        try:
            with open(fichier, encoding="utf-8-sig", newline="") as lignes:
                rapport = self.importer(lignes=lignes)
        except OSError as exc:
            raise CommandError(
                _("Impossible de lire le fichier « %(fichier)s » (%(erreur)s).")
                % {"fichier": fichier, "erreur": exc.strerror}
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("Impossible de lire le fichier : encodage UTF-8 attendu.")
            ) from exc
        except self.fichier_invalide as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write(
            _(
                "%(crees)s créé(s), %(maj)s mis à jour, %(inchanges)s inchangé(s), "
                "%(rejets)s rejeté(s)"
            )
            % {
                "crees": rapport.crees,
                "maj": rapport.mis_a_jour,
                "inchanges": rapport.inchanges,
                "rejets": len(rapport.rejetes),
            }
        )
        for numero_ligne, raison in rapport.rejetes:
            self.stderr.write(
                _("ligne %(ligne)s : %(raison)s") % {"ligne": numero_ligne, "raison": raison}
            )
