"""Address suggestions from the local BAN extract, and its import."""

import re
import unicodedata
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from anef.csv_import import RapportImport, champs_valider, csv_lire
from demandes.models import Adresse

BATCH = 2000
COLONNES_BAN = ["numero", "nom_voie", "code_postal", "code_insee", "nom_commune"]
CHAMPS_ADRESSE = ["numero", "voie", "code_postal", "code_insee", "commune", "recherche"]
CODE_POSTAL = re.compile(r"\d{5}")


def normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return " ".join(sans_accents.upper().replace("'", " ").replace("-", " ").split())


def suggestions(requete: str, limite: int = 8) -> list[Adresse]:
    """Addresses starting with what was typed first (the indexed prefix search), then those
    containing every typed word anywhere (« rue des pyr » finds « 18 Rue des Pyrénées … »)."""
    cle = normaliser(requete)
    if len(cle) < 3:
        return []
    trouvees = list(
        Adresse.objects.filter(recherche__startswith=cle).order_by("recherche")[:limite]
    )
    if len(trouvees) < limite:
        partout = Adresse.objects.exclude(pk__in=[a.pk for a in trouvees])
        for mot in cle.split():
            partout = partout.filter(recherche__contains=mot)
        trouvees += list(partout.order_by("recherche")[: limite - len(trouvees)])
    return trouvees


def adresses_importer(lignes: Iterable[str]) -> RapportImport:
    """Import a BAN CSV extract (columns numero, rep, nom_voie, code_postal, code_insee,
    nom_commune as in adresse.data.gouv.fr exports, `;` or `,` separated). Idempotent: an
    address already known is counted unchanged; a line that does not fit the model is rejected
    with its reason."""
    rapport = RapportImport()
    lot: list[Adresse] = []
    for numero_ligne, brut in csv_lire(lignes, colonnes_obligatoires=COLONNES_BAN, rapport=rapport):
        adresse = Adresse(
            numero=f"{brut['numero']}{brut.get('rep', '')}",
            voie=brut["nom_voie"],
            code_postal=brut["code_postal"],
            code_insee=brut["code_insee"],
            commune=brut["nom_commune"],
        )
        adresse.recherche = normaliser(adresse.libelle)
        erreurs = []
        if not CODE_POSTAL.fullmatch(adresse.code_postal):
            erreurs.append(_("code postal invalide (5 chiffres attendus)"))
        erreurs += champs_valider(
            Adresse,
            {nom: getattr(adresse, nom) for nom in CHAMPS_ADRESSE},
            sauf={"code_postal"} if erreurs else (),
        )
        if erreurs:
            rapport.rejetes.append((numero_ligne, " ; ".join(erreurs)))
            continue
        lot.append(adresse)
        if len(lot) >= BATCH:
            _enregistrer(lot, rapport)
            lot = []
    if lot:
        _enregistrer(lot, rapport)
    return rapport


def _enregistrer(lot: list[Adresse], rapport: RapportImport) -> None:
    with transaction.atomic():
        avant = Adresse.objects.count()
        Adresse.objects.bulk_create(lot, ignore_conflicts=True)
        creees = Adresse.objects.count() - avant
    rapport.crees += creees
    rapport.inchanges += len(lot) - creees
