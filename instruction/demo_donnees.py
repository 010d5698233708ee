"""The demo requests' data (`instruction.demo` builds them): one applicant per state after the
deposit in the Préfecture du Nord, their registry documents, places of birth and step answers."""

import datetime
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from accounts.models import NatureDocument
from demandes.etats import EtatDemande
from instruction.roles import INSTRUCTEUR, VALIDEUR

PREFECTURE = "59"
E = EtatDemande

# (identifier, role, (first name, last name)): the agents who move the demo requests.
AGENTS = [
    ("agent.nord", INSTRUCTEUR, ("Camille", "LEROY")),
    ("valideur.nord", VALIDEUR, ("Bruno", "LEFEBVRE")),
]


@dataclass(frozen=True)
class DemandeDemo:
    etat: str
    numero_etranger: str  # empty: a visa-only applicant (identifier: the e-mail)
    prenom: str
    nom: str
    sexe: str
    pays: str
    pour_essayer: object


DEMANDES = [
    DemandeDemo(
        E.DEPOSEE,
        "",
        "Ana",
        "PEREIRA",
        "F",
        "BR",
        gettext_lazy("visa seul : la prise en charge crée son N° étranger et l'informe"),
    ),
    DemandeDemo(E.EN_INSTRUCTION, "5905010001", "Yassine", "HADDAD", "M", "TN", ""),
    DemandeDemo(
        E.COMPLEMENT_DEMANDE,
        "5905010002",
        "Mei",
        "CHEN",
        "F",
        "CN",
        gettext_lazy("deux documents demandés, une ADP délivrée"),
    ),
    DemandeDemo(
        E.COMPLEMENT_RECU,
        "5905010003",
        "Ivan",
        "KOVAC",
        "M",
        "RS",
        gettext_lazy("l'usager a répondu : reprendre l'instruction"),
    ),
    DemandeDemo(
        E.DECISION_PROPOSEE,
        "5905010004",
        "Fatou",
        "NDIAYE",
        "F",
        "SN",
        gettext_lazy("décision favorable proposée, en attente d'un valideur"),
    ),
    DemandeDemo(E.DECISION_FAVORABLE, "5905010005", "Rahul", "SHARMA", "M", "IN", ""),
    DemandeDemo(
        E.DECISION_DEFAVORABLE,
        "5905010006",
        "Olga",
        "IVANOVA",
        "F",
        "UA",
        gettext_lazy("refus signé, décision PDF déposée"),
    ),
    DemandeDemo(E.TITRE_EN_FABRICATION, "5905010007", "Kofi", "MENSAH", "M", "GH", ""),
    DemandeDemo(E.TITRE_DISPONIBLE, "5905010008", "Lina", "HADDOU", "F", "DZ", ""),
    DemandeDemo(
        E.TITRE_REMIS,
        "5905010009",
        "Diego",
        "ROJAS",
        "M",
        "CO",
        gettext_lazy("nouveau titre dans « Mon statut actuel »"),
    ),
    DemandeDemo(E.CLOTUREE, "5905010010", "Sara", "YILMAZ", "F", "TR", ""),
    DemandeDemo(E.CLASSEE_SANS_SUITE, "5905010011", "Tomás", "SILVEIRA", "M", "PT", ""),
]

LIEUX = {
    "BR": "Recife",
    "TN": "Sfax",
    "CN": "Wuhan",
    "RS": "Novi Sad",
    "SN": "Thiès",
    "IN": "Pune",
    "UA": "Lviv",
    "GH": "Kumasi",
    "DZ": "Oran",
    "CO": "Medellín",
    "TR": "Izmir",
    "PT": "Porto",
}

# The applicants' answers, as the wizard's forms take them (a student in Lille).
REPONSES = {
    "personnel": {
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
        "telephone": "06 12 34 56 78",
    },
    "motif": {
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
    },
    "ressources": {
        "ressources-TOTAL_FORMS": "1",
        "ressources-INITIAL_FORMS": "0",
        "ressources-MIN_NUM_FORMS": "1",
        "ressources-MAX_NUM_FORMS": "10",
        "ressources-0-origine": "boursier",
        "ressources-0-montant": "700",
        "raison": "",
    },
}


def numero_document(demo: DemandeDemo) -> str:
    return f"59990{DEMANDES.index(demo) + 1:05d}"


def identifiant(demo: DemandeDemo) -> str:
    return demo.numero_etranger or email(demo)


def email(demo: DemandeDemo) -> str:
    adresse = f"{demo.prenom}.{demo.nom}@exemple.fr".lower()
    return unicodedata.normalize("NFKD", adresse).encode("ascii", "ignore").decode()


def documents_demo(aujourdhui: datetime.date, prefecture_id: int) -> list[dict]:
    """The applicants' current documents: a student's titre de séjour ending in 3 months (the
    deposit window is open), a long-stay visa for the visa-only one."""
    documents = []
    for demo in DEMANDES:
        commun = {
            "numero": numero_document(demo),
            "nom_naissance": demo.nom,
            "prenoms": demo.prenom,
            "sexe": demo.sexe,
            "date_naissance": aujourdhui.replace(year=aujourdhui.year - 23, month=3, day=15),
            "pays_naissance": demo.pays,
            "lieu_naissance": LIEUX[demo.pays],
            "nationalite": demo.pays,
            "motif": "Etudiant",
            "prefecture_id": prefecture_id,
        }
        if demo.numero_etranger:
            fin = aujourdhui + datetime.timedelta(days=90)
            commun |= {
                "nature": NatureDocument.TITRE_SEJOUR,
                "numero_etranger": demo.numero_etranger,
                "type_titre": "Carte de séjour temporaire",
                "mention": "ETUDIANT- ÉLÈVE",
                "date_debut_validite": fin - datetime.timedelta(days=365),
                "date_fin_validite": fin,
            }
        else:
            commun |= {
                "nature": NatureDocument.VISA,
                "numero_etranger": "",
                "type_titre": "",
                "mention": "",
                "date_debut_validite": aujourdhui - datetime.timedelta(days=30),
                "date_fin_validite": aujourdhui + datetime.timedelta(days=60),
            }
        documents.append(commun)
    return documents
