"""The demo data of `manage.py seed_demo` (instruction/management/commands/seed_demo.py) that
belongs to accounts: prefectures, registry documents dated from the day the command runs,
applicants and what each is for. The agents and their roles are in instruction/demo_agents.py."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from accounts.models import NatureDocument

MOT_DE_PASSE = "Demo#2026anef"

# (code, name, city, short name used in the agents' identifiers)
PREFECTURES = [
    ("59", "Préfecture du Nord", "Lille", "nord"),
    ("75", "Préfecture de police", "Paris", "paris"),
    ("69", "Préfecture du Rhône", "Lyon", "rhone"),
    ("13", "Préfecture des Bouches-du-Rhône", "Marseille", "bouches-du-rhone"),
    ("33", "Préfecture de la Gironde", "Bordeaux", "gironde"),
    ("73", "Préfecture de la Savoie", "Chambéry", "savoie"),
    ("93", "Préfecture de la Seine-Saint-Denis", "Bobigny", "seine-saint-denis"),
    ("31", "Préfecture de la Haute-Garonne", "Toulouse", "haute-garonne"),
]

# A demo territory: a few neighbouring départements are attached to the regional prefecture.
DEPARTEMENTS = [
    ("59", "Nord", "59"),
    ("62", "Pas-de-Calais", "59"),
    ("75", "Paris", "75"),
    ("69", "Rhône", "69"),
    ("01", "Ain", "69"),
    ("13", "Bouches-du-Rhône", "13"),
    ("84", "Vaucluse", "13"),
    ("33", "Gironde", "33"),
    ("24", "Dordogne", "33"),
    ("73", "Savoie", "73"),
    ("74", "Haute-Savoie", "73"),
    ("93", "Seine-Saint-Denis", "93"),
    ("31", "Haute-Garonne", "31"),
]


# Days from today to the end of validity of a document inside the deposit window: the window
# opens 4 months (at least 120 days) and closes 2 months (at most 62 days) before that end.
DANS_LA_FENETRE = 90
TROP_TOT = 240
EXPIRE = -15


@dataclass(frozen=True)
class UsagerDemo:
    """A demo applicant's account, its registry documents and the journey it is for."""

    identifiant: str
    email: str
    documents: tuple[str, ...]  # registry numbers; the last one is the current document
    situation: Promise


def documents_demo(aujourdhui: date, prefectures: dict[str, int]) -> list[dict]:
    def jours(n: int) -> date:
        return aujourdhui + timedelta(days=n)

    def ans(n: int) -> date:
        return aujourdhui.replace(year=aujourdhui.year - n, month=1, day=1)

    def titre(numero, prefecture, *, fin, duree=365, **valeurs) -> dict:
        return {
            "numero": numero,
            "nature": NatureDocument.TITRE_SEJOUR,
            "type_titre": "Carte de séjour temporaire",
            "date_debut_validite": jours(fin - duree),
            "date_fin_validite": jours(fin),
            "prefecture_id": prefectures[prefecture],
            **valeurs,
        }

    def visa(numero, prefecture, **valeurs) -> dict:
        return {
            "numero": numero,
            "nature": NatureDocument.VISA,
            "numero_etranger": "",
            "type_titre": "",
            "motif": "Etudiant",
            "mention": "",
            "date_debut_validite": jours(-30),
            "date_fin_validite": jours(60),
            "prefecture_id": prefectures[prefecture],
            **valeurs,
        }

    etudiante = {
        "numero_etranger": "7503136189",
        "nom_naissance": "BENALI",
        "prenoms": "Amina",
        "sexe": "F",
        "date_naissance": ans(22),
        "pays_naissance": "MA",
        "lieu_naissance": "Rabat",
        "nationalite": "MA",
        "motif": "Etudiant",
    }
    ase = {"motif": "MNA placé avant 16 ans", "mention": "VIE PRIVÉE ET FAMILIALE"}
    return [
        # The student's first year (VLS-TS), then her titre de séjour: two rows of history.
        titre(
            "7599000101",
            "59",
            fin=-276,
            duree=364,
            **etudiante,
            nature=NatureDocument.VLS_TS,
            type_titre="VLS-TS",
            mention="ETUDIANT",
        ),
        titre(
            "7599000102",
            "59",
            fin=DANS_LA_FENETRE,
            duree=365,
            **etudiante,
            mention="ETUDIANT- ÉLÈVE",
        ),
        titre(
            "3399000201",
            "33",
            fin=DANS_LA_FENETRE,
            duree=4 * 365,
            numero_etranger="3303021457",
            nom_naissance="AHMADI",
            prenoms="Farid",
            sexe="M",
            date_naissance=ans(34),
            pays_naissance="AF",
            lieu_naissance="Kaboul",
            nationalite="AF",
            type_titre="Carte de séjour pluriannuelle",
            motif="BPS",
            mention="BENEFICIAIRE DE LA PROTECTION SUBSIDIAIRE",
        ),
        titre(
            "6999000301",
            "69",
            fin=DANS_LA_FENETRE,
            numero_etranger="6903058214",
            nom_naissance="CAMARA",
            prenoms="Mamadou",
            sexe="M",
            date_naissance=ans(19),
            pays_naissance="GN",
            lieu_naissance="Conakry",
            nationalite="GN",
            **ase,
        ),
        # Born on 1 January 17 years ago: 17 on any day of the year, so a minor of 16+.
        titre(
            "6999000311",
            "69",
            fin=DANS_LA_FENETRE,
            numero_etranger="6904071236",
            nom_naissance="TRAORE",
            prenoms="Moussa",
            sexe="M",
            date_naissance=ans(17),
            pays_naissance="ML",
            lieu_naissance="Bamako",
            nationalite="ML",
            **ase,
        ),
        titre(
            "9399000321",
            "93",
            fin=DANS_LA_FENETRE,
            numero_etranger="9304082147",
            nom_naissance="KONE",
            prenoms="Awa",
            sexe="F",
            date_naissance=ans(17),
            pays_naissance="CI",
            lieu_naissance="Abidjan",
            nationalite="CI",
            **ase,
        ),
        titre(
            "7599000401",
            "75",
            fin=DANS_LA_FENETRE,
            numero_etranger="9920000000",
            nom_naissance="NGUYEN",
            prenoms="Linh",
            sexe="F",
            date_naissance=ans(20),
            pays_naissance="VN",
            lieu_naissance="Hanoï",
            nationalite="VN",
            nature=NatureDocument.VLS_TS,
            type_titre="VLS-TS",
            motif="Etudiant",
            mention="ETUDIANT",
        ),
        visa(
            "7503119958",
            "75",
            nom_naissance="SILVA",
            prenoms="Lucas",
            sexe="M",
            date_naissance=ans(24),
            pays_naissance="BR",
            lieu_naissance="São Paulo",
            nationalite="BR",
        ),
        titre(
            "7399000701",
            "73",
            fin=TROP_TOT,
            numero_etranger="7303094518",
            nom_naissance="PETROVA",
            prenoms="Elena",
            sexe="F",
            date_naissance=ans(23),
            pays_naissance="UA",
            lieu_naissance="Kyiv",
            nationalite="UA",
            motif="Etudiant",
            mention="ETUDIANT- ÉLÈVE",
        ),
        titre(
            "1399000801",
            "13",
            fin=EXPIRE,
            numero_etranger="1303105629",
            nom_naissance="HASSAN",
            prenoms="Omar",
            sexe="M",
            date_naissance=ans(25),
            pays_naissance="EG",
            lieu_naissance="Le Caire",
            nationalite="EG",
            motif="Etudiant",
            mention="ETUDIANT- ÉLÈVE",
        ),
        # Holders without an account, for trying the account creation.
        titre(
            "3199000501",
            "31",
            fin=DANS_LA_FENETRE,
            numero_etranger="3103045821",
            nom_naissance="DIALLO",
            prenoms="Aïssatou",
            sexe="F",
            date_naissance=ans(27),
            pays_naissance="SN",
            lieu_naissance="Dakar",
            nationalite="SN",
            motif="Etudiant",
            mention="ETUDIANT- ÉLÈVE",
        ),
        visa(
            "1399000601",
            "13",
            nom_naissance="OKAFOR",
            prenoms="Chinedu",
            sexe="M",
            date_naissance=ans(23),
            pays_naissance="NG",
            lieu_naissance="Lagos",
            nationalite="NG",
            date_debut_validite=jours(-20),
            date_fin_validite=jours(70),
        ),
    ]


USAGERS = [
    UsagerDemo(
        "7503136189",
        "amina.benali@exemple.fr",
        ("7599000101", "7599000102"),
        gettext_lazy(
            "Étudiant (renouvellement) : titre de séjour expirant dans 3 mois, dépôt ouvert "
            "(2 titres dans l'historique)"
        ),
    ),
    UsagerDemo(
        "9920000000",
        "linh.nguyen@exemple.fr",
        ("7599000401",),
        gettext_lazy("Étudiant (premier titre) : VLS-TS expirant dans 3 mois, dépôt ouvert"),
    ),
    UsagerDemo(
        "3303021457",
        "farid.ahmadi@exemple.fr",
        ("3399000201",),
        gettext_lazy(
            "Renouvellement BPI : bénéficiaire de la protection subsidiaire, carte "
            "pluriannuelle expirant dans 3 mois, dépôt ouvert"
        ),
    ),
    UsagerDemo(
        "6903058214",
        "mamadou.camara@exemple.fr",
        ("6999000301",),
        gettext_lazy("ASE, majeur (19 ans) : titre expirant dans 3 mois, dépôt ouvert"),
    ),
    UsagerDemo(
        "6904071236",
        "moussa.traore@exemple.fr",
        ("6999000311",),
        gettext_lazy(
            "ASE, mineur non émancipé (17 ans) : laisser décochée la case « Je suis un mineur "
            "(+16 ans) émancipé », dépôt ouvert"
        ),
    ),
    UsagerDemo(
        "9304082147",
        "awa.kone@exemple.fr",
        ("9399000321",),
        gettext_lazy(
            "ASE, mineure émancipée (17 ans) : cocher la case « Je suis un mineur (+16 ans) "
            "émancipé », dépôt ouvert"
        ),
    ),
    UsagerDemo(
        "lucas.silva@exemple.fr",
        "lucas.silva@exemple.fr",
        ("7503119958",),
        gettext_lazy(
            "Visa long séjour seul, en attente du N° étranger (identifiant : adresse email), "
            "dépôt ouvert"
        ),
    ),
    UsagerDemo(
        "7303094518",
        "elena.petrova@exemple.fr",
        ("7399000701",),
        gettext_lazy("Trop tôt : titre expirant dans 8 mois, le dépôt n'est pas encore ouvert"),
    ),
    UsagerDemo(
        "1303105629",
        "omar.hassan@exemple.fr",
        ("1399000801",),
        gettext_lazy("Titre expiré depuis 15 jours : le dépôt en ligne n'est plus possible"),
    ),
]
SANS_COMPTE = ["3199000501", "1399000601"]
