"""Demo data for the embedded default (`make run`): prefectures, registry, applicants, agents.

Every date is computed from the day the command runs, so that each applicant stays in the
situation the printed table gives (inside the deposit window, too early, expired...) whatever
the day. Idempotent: run on the same day it writes nothing; run later, it moves the registry
dates and resets a demo password that was changed, so the printed table stays true.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import (
    Departement,
    DocumentSejour,
    NatureDocument,
    Prefecture,
    StatutCompte,
    User,
)
from accounts.registre_csv import documents_enregistrer

MOT_DE_PASSE = "Demo#2026anef"
APPS_CONSULTEES = ["accounts", "demandes", "notifications"]

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


@dataclass(frozen=True)
class Role:
    """A back-office role: a group of view permissions on the apps it consults."""

    code: str
    groupe: str
    libelle: Promise


ROLES = [Role("agent", "Agents instructeurs", gettext_lazy("Agent instructeur"))]
GROUPE_AGENTS = ROLES[0].groupe

NOMS_AGENTS = {
    "agent.nord": ("Camille", "LEROY"),
    "agent.paris": ("Julien", "MARTIN"),
    "agent.rhone": ("Sophie", "BERNARD"),
    "agent.bouches-du-rhone": ("Karim", "MEZIANE"),
    "agent.gironde": ("Hélène", "DUBOIS"),
    "agent.savoie": ("Thomas", "GIRARD"),
    "agent.seine-saint-denis": ("Nadia", "BOUZID"),
    "agent.haute-garonne": ("Pierre", "FABRE"),
}

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


def _documents(aujourdhui: date, prefectures: dict[str, int]) -> list[dict]:
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


def agents_demo() -> list[tuple[str, str, Role]]:
    """(identifier, prefecture code, role): one agent of each role for every prefecture."""
    return [
        (_identifiant_agent(court, role), code, role)
        for code, _nom, _ville, court in PREFECTURES
        for role in ROLES
    ]


def _identifiant_agent(court: str, role: Role) -> str:
    return f"{role.code}.{court}"


class Command(BaseCommand):
    help = _("Crée les données de démonstration (préfectures, registre, comptes, agents).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=_("Autorise l'exécution hors démonstration (comptes aux mots de passe connus)."),
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.ANEF_DEMO or options["allow_production"]):
            raise CommandError(
                _(
                    "seed_demo crée des comptes aux mots de passe connus : il ne s'exécute "
                    "qu'en démonstration (ANEF_DEMO=true, réglage de make run), en mode DEBUG "
                    "ou avec --allow-production."
                )
            )
        aujourdhui = timezone.localdate()
        with transaction.atomic():
            prefectures = self._prefectures()
            demo = _documents(aujourdhui, prefectures)
            documents_enregistrer(documents=demo)
            documents = DocumentSejour.objects.in_bulk(
                [d["numero"] for d in demo], field_name="numero"
            )
            for usager in USAGERS:
                self._usager(usager, document=documents[usager.documents[-1]])
            groupes = {role.code: self._groupe(role) for role in ROLES}
            for identifiant, code, role in agents_demo():
                prenom, nom = NOMS_AGENTS.get(identifiant, ("Dominique", "AGENT"))
                agent = _compte(
                    identifiant,
                    is_staff=True,
                    prenom=prenom,
                    nom=nom,
                    email=f"{identifiant}@interieur.exemple.fr",
                    prefecture_id=prefectures[code],
                )
                agent.groups.add(groupes[role.code])
            _compte("admin", is_staff=True, is_superuser=True, email="admin@interieur.exemple.fr")
        self._afficher(documents)

    def _prefectures(self) -> dict[str, int]:
        for code, nom, ville, _court in PREFECTURES:
            _enregistrer(Prefecture, {"code": code}, nom=nom, ville=ville)
        prefectures = dict(Prefecture.objects.values_list("code", "pk"))
        for code, nom, prefecture in DEPARTEMENTS:
            _enregistrer(
                Departement, {"code": code}, nom=nom, prefecture_id=prefectures[prefecture]
            )
        return prefectures

    def _usager(self, usager: UsagerDemo, *, document: DocumentSejour) -> User:
        par_visa = not document.numero_etranger
        return _compte(
            usager.identifiant,
            email=usager.email,
            numero_etranger=document.numero_etranger or None,
            nom=document.nom_naissance,
            prenom=document.prenoms,
            document=document,
            statut=StatutCompte.EN_ATTENTE_NUMERO if par_visa else StatutCompte.ACTIF,
        )

    def _groupe(self, role: Role) -> Group:
        groupe, _cree = Group.objects.get_or_create(name=role.groupe)
        groupe.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=APPS_CONSULTEES, codename__startswith="view_"
            )
        )
        return groupe

    def _afficher(self, documents: dict[str, DocumentSejour]) -> None:
        ecrire = self.stdout.write
        noms_prefectures = {code: nom for code, nom, _ville, _court in PREFECTURES}
        lignes = [(_("Identifiant"), _("Mot de passe"), _("Pour essayer"))]
        lignes += [(u.identifiant, MOT_DE_PASSE, str(u.situation)) for u in USAGERS]
        lignes += [
            (
                identifiant,
                MOT_DE_PASSE,
                _("%(role)s, %(prefecture)s (back-office /back-office/)")
                % {"role": role.libelle, "prefecture": noms_prefectures[code]},
            )
            for identifiant, code, role in agents_demo()
        ]
        lignes.append(("admin", MOT_DE_PASSE, _("Superutilisateur (back-office /back-office/)")))

        ecrire(_("Création de compte (titulaires sans compte) :"))
        for numero in SANS_COMPTE:
            document = documents[numero]
            ecrire(
                "  "
                + _(
                    "%(nature)s n° %(numero)s — début de validité %(debut)s, "
                    "fin de validité %(fin)s"
                )
                % {
                    "nature": document.get_nature_display(),
                    "numero": document.numero,
                    "debut": document.date_debut_validite.strftime("%d/%m/%Y"),
                    "fin": document.date_fin_validite.strftime("%d/%m/%Y"),
                }
            )
        ecrire("")
        ecrire(
            _("Comptes de démonstration (mot de passe commun : %(mot_de_passe)s) :")
            % {"mot_de_passe": MOT_DE_PASSE}
        )
        largeurs = [max(len(ligne[i]) for ligne in lignes) for i in range(2)]
        for rang, (identifiant, mot_de_passe, situation) in enumerate(lignes):
            ecrire(f"  {identifiant:<{largeurs[0]}}  {mot_de_passe:<{largeurs[1]}}  {situation}")
            if rang == 0:
                ecrire(f"  {'-' * largeurs[0]}  {'-' * largeurs[1]}  {'-' * len(situation)}")


def _enregistrer(modele, cle: dict, **valeurs):
    """get_or_create that also corrects drifted values, writing only what differs."""
    objet, cree = modele.objects.get_or_create(**cle, defaults=valeurs)
    modifies = [nom for nom, valeur in valeurs.items() if getattr(objet, nom) != valeur]
    if not cree and modifies:
        for nom in modifies:
            setattr(objet, nom, valeurs[nom])
        objet.save(update_fields=modifies)
    return objet


def _compte(identifiant: str, **valeurs) -> User:
    user = User.objects.filter(identifiant=identifiant).first()
    if user is None:
        return User.objects.create_user(identifiant, MOT_DE_PASSE, **valeurs)
    user = _enregistrer(User, {"identifiant": identifiant}, **valeurs)
    if not user.check_password(MOT_DE_PASSE):
        user.set_password(MOT_DE_PASSE)
        user.save(update_fields=["password"])
    return user
