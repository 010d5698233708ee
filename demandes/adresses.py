"""Address suggestions from the local BAN extract, and its import."""

import csv
import unicodedata
from collections.abc import Iterable

from django.db import transaction

from demandes.models import Adresse

BATCH = 2000


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


def importer_ban(lignes: Iterable[str]) -> tuple[int, int]:
    """Import a BAN CSV extract (`;`-separated, columns numero, rep, nom_voie, code_postal,
    code_insee, nom_commune as in adresse.data.gouv.fr exports). Returns (imported, skipped).
    Idempotent: an address already known is skipped."""
    lecteur = csv.DictReader(lignes, delimiter=";")
    lot, importees, ignorees = [], 0, 0
    for ligne in lecteur:
        try:
            numero = f"{ligne['numero']}{ligne.get('rep') or ''}".strip()
            adresse = Adresse(
                numero=numero[:10],
                voie=ligne["nom_voie"].strip()[:150],
                code_postal=ligne["code_postal"].strip()[:5],
                code_insee=ligne["code_insee"].strip()[:5],
                commune=ligne["nom_commune"].strip()[:100],
            )
        except (KeyError, AttributeError):
            ignorees += 1
            continue
        if not (adresse.voie and len(adresse.code_postal) == 5 and adresse.commune):
            ignorees += 1
            continue
        adresse.recherche = normaliser(adresse.libelle)[:300]
        lot.append(adresse)
        if len(lot) >= BATCH:
            importees += _enregistrer(lot)
            lot = []
    if lot:
        importees += _enregistrer(lot)
    return importees, ignorees


def _enregistrer(lot: list[Adresse]) -> int:
    with transaction.atomic():
        avant = Adresse.objects.count()
        Adresse.objects.bulk_create(lot, ignore_conflicts=True)
        return Adresse.objects.count() - avant
