"""Valid answers for each step, as a browser would post them."""

import datetime

from django.utils import timezone

PERSONNEL = {
    "nom_usage": "",
    "situation_familiale": "celibataire",
    "en_couple": "non",
    "enfants_en_france": "non",
    "numero_voie": "18",
    "voie": "Rue de la Monnaie",
    "complement": "",
    "code_postal": "59000",
    "ville": "Lille",
    "code_insee": "59350",
    "email": "usager@exemple.fr",
    "telephone": "06 12 34 56 78",
}

MOTIF_ETUDIANT = {
    "n1_etudiant_en_france": "oui",
    "n1_type_etablissement": "universite",
    "n1_nom_etablissement": "Université de Lille",
    "n1_cycle": "licence",
    "n1_niveau": "l2",
    "n1_diplome": "Licence de chimie",
    "n1_discipline": "chimie",
    "n1_resultat": "validee",
    "n_type_etablissement": "universite",
    "n_nom_etablissement": "Université de Lille",
    "n_cycle": "licence",
    "n_niveau": "l3",
    "n_diplome": "Licence de chimie",
    "n_discipline": "chimie",
    "n_mobilite_ue": "non",
}


def ressources(*lignes, raison="", heberge=False):
    data = {
        "ressources-TOTAL_FORMS": str(len(lignes)),
        "ressources-INITIAL_FORMS": "0",
        "ressources-MIN_NUM_FORMS": "1",
        "ressources-MAX_NUM_FORMS": "10",
        "raison": raison,
    }
    if heberge:
        data["heberge_gratuit"] = "on"
    for i, (origine, montant) in enumerate(lignes):
        data[f"ressources-{i}-origine"] = origine
        data[f"ressources-{i}-montant"] = str(montant)
    return data


def date_fields(prefix: str, value: datetime.date) -> dict:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def motif_ase(date_prise_en_charge: datetime.date, *attestations: str) -> dict:
    data = {"enfants_a_charge": "non", **date_fields("date_prise_en_charge", date_prise_en_charge)}
    for code in attestations:
        data[f"att_{code}"] = "on"
    return data


def url(demande, etape: str) -> str:
    return f"/espace-personnel/demandes/{demande.pk}/{etape}/"


def aujourd_hui():
    return timezone.localdate()
