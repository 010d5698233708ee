"""Demo data for the embedded default (`make run`): prefectures, registry, applicants, agents.

Idempotent: run on the same day it writes nothing; run later, it moves the registry dates so the
situations stay what they say (a titre expiring in about three months, ...) and it resets a demo
password that was changed so the printed table stays true.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
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
GROUPE_AGENTS = "Agents instructeurs"
APPS_CONSULTEES = ["accounts", "demandes", "notifications"]

PREFECTURES = [
    ("59", "Préfecture du Nord", "Lille"),
    ("75", "Préfecture de police", "Paris"),
    ("69", "Préfecture du Rhône", "Lyon"),
    ("13", "Préfecture des Bouches-du-Rhône", "Marseille"),
    ("33", "Préfecture de la Gironde", "Bordeaux"),
    ("73", "Préfecture de la Savoie", "Chambéry"),
    ("93", "Préfecture de la Seine-Saint-Denis", "Bobigny"),
    ("31", "Préfecture de la Haute-Garonne", "Toulouse"),
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

AGENTS = [
    ("agent.nord", "Camille", "LEROY", "59"),
    ("agent.paris", "Julien", "MARTIN", "75"),
    ("agent.rhone", "Sophie", "BERNARD", "69"),
]


def _documents(aujourdhui: date, prefectures: dict[str, int]) -> list[dict]:
    def jours(n: int) -> date:
        return aujourdhui + timedelta(days=n)

    def ans(n: int) -> date:
        return aujourdhui.replace(year=aujourdhui.year - n, month=1, day=1)

    etudiante = {
        "numero_etranger": "7503136189",
        "nom_naissance": "BENALI",
        "prenoms": "Amina",
        "sexe": "F",
        "date_naissance": ans(22),
        "pays_naissance": "MA",
        "lieu_naissance": "Rabat",
        "nationalite": "MA",
        "prefecture_id": prefectures["59"],
    }
    return [
        # The student's first year (VLS-TS), then her titre de séjour: two rows of history.
        {
            **etudiante,
            "numero": "7599000101",
            "nature": NatureDocument.VLS_TS,
            "type_titre": "VLS-TS",
            "motif": "Etudiant",
            "mention": "ETUDIANT",
            "date_debut_validite": jours(-640),
            "date_fin_validite": jours(-276),
        },
        {
            **etudiante,
            "numero": "7599000102",
            "nature": NatureDocument.TITRE_SEJOUR,
            "type_titre": "Carte de séjour temporaire",
            "motif": "Etudiant",
            "mention": "ETUDIANT- ÉLÈVE",
            "date_debut_validite": jours(-275),
            "date_fin_validite": jours(90),
        },
        {
            "numero": "3399000201",
            "nature": NatureDocument.TITRE_SEJOUR,
            "numero_etranger": "3303021457",
            "nom_naissance": "AHMADI",
            "prenoms": "Farid",
            "sexe": "M",
            "date_naissance": ans(34),
            "pays_naissance": "AF",
            "lieu_naissance": "Kaboul",
            "nationalite": "AF",
            "type_titre": "Carte de séjour pluriannuelle",
            "motif": "BPS",
            "mention": "BENEFICIAIRE DE LA PROTECTION SUBSIDIAIRE",
            "date_debut_validite": jours(-1310),
            "date_fin_validite": jours(150),
            "prefecture_id": prefectures["33"],
        },
        {
            "numero": "6999000301",
            "nature": NatureDocument.TITRE_SEJOUR,
            "numero_etranger": "6903058214",
            "nom_naissance": "CAMARA",
            "prenoms": "Mamadou",
            "sexe": "M",
            "date_naissance": ans(19),
            "pays_naissance": "GN",
            "lieu_naissance": "Conakry",
            "nationalite": "GN",
            "type_titre": "Carte de séjour temporaire",
            "motif": "MNA placé avant 16 ans",
            "mention": "VIE PRIVÉE ET FAMILIALE",
            "date_debut_validite": jours(-305),
            "date_fin_validite": jours(60),
            "prefecture_id": prefectures["69"],
        },
        {
            "numero": "7599000401",
            "nature": NatureDocument.VLS_TS,
            "numero_etranger": "9920000000",
            "nom_naissance": "NGUYEN",
            "prenoms": "Linh",
            "sexe": "F",
            "date_naissance": ans(20),
            "pays_naissance": "VN",
            "lieu_naissance": "Hanoï",
            "nationalite": "VN",
            "type_titre": "VLS-TS",
            "motif": "Etudiant",
            "mention": "ETUDIANT",
            "date_debut_validite": jours(-120),
            "date_fin_validite": jours(245),
            "prefecture_id": prefectures["75"],
        },
        {
            "numero": "7503119958",
            "nature": NatureDocument.VISA,
            "numero_etranger": "",
            "nom_naissance": "SILVA",
            "prenoms": "Lucas",
            "sexe": "M",
            "date_naissance": ans(24),
            "pays_naissance": "BR",
            "lieu_naissance": "São Paulo",
            "nationalite": "BR",
            "type_titre": "",
            "motif": "Etudiant",
            "mention": "",
            "date_debut_validite": jours(-30),
            "date_fin_validite": jours(60),
            "prefecture_id": prefectures["75"],
        },
        # Holders without an account, for trying the account creation.
        {
            "numero": "3199000501",
            "nature": NatureDocument.TITRE_SEJOUR,
            "numero_etranger": "3103045821",
            "nom_naissance": "DIALLO",
            "prenoms": "Aïssatou",
            "sexe": "F",
            "date_naissance": ans(27),
            "pays_naissance": "SN",
            "lieu_naissance": "Dakar",
            "nationalite": "SN",
            "type_titre": "Carte de séjour temporaire",
            "motif": "Etudiant",
            "mention": "ETUDIANT- ÉLÈVE",
            "date_debut_validite": jours(-200),
            "date_fin_validite": jours(165),
            "prefecture_id": prefectures["31"],
        },
        {
            "numero": "1399000601",
            "nature": NatureDocument.VISA,
            "numero_etranger": "",
            "nom_naissance": "OKAFOR",
            "prenoms": "Chinedu",
            "sexe": "M",
            "date_naissance": ans(23),
            "pays_naissance": "NG",
            "lieu_naissance": "Lagos",
            "nationalite": "NG",
            "type_titre": "",
            "motif": "Etudiant",
            "mention": "",
            "date_debut_validite": jours(-20),
            "date_fin_validite": jours(70),
            "prefecture_id": prefectures["13"],
        },
    ]


# identifiant, document number, e-mail, situation shown in the credentials table.
USAGERS = [
    (
        "7503136189",
        "7599000102",
        "amina.benali@exemple.fr",
        gettext_lazy(
            "Étudiante, titre de séjour expirant dans 3 mois (2 titres dans l'historique)"
        ),
    ),
    (
        "3303021457",
        "3399000201",
        "farid.ahmadi@exemple.fr",
        gettext_lazy("Bénéficiaire de la protection subsidiaire (BPS), carte pluriannuelle"),
    ),
    (
        "6903058214",
        "6999000301",
        "mamadou.camara@exemple.fr",
        gettext_lazy(
            "Jeune majeur confié à l'ASE (MNA placé avant 16 ans), vie privée et familiale"
        ),
    ),
    (
        "9920000000",
        "7599000401",
        "linh.nguyen@exemple.fr",
        gettext_lazy("Étudiante, VLS-TS validé"),
    ),
    (
        "lucas.silva@exemple.fr",
        "7503119958",
        "lucas.silva@exemple.fr",
        gettext_lazy(
            "Visa long séjour seul, en attente du N° étranger (identifiant : adresse email)"
        ),
    ),
]
SANS_COMPTE = ["3199000501", "1399000601"]


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
            for identifiant, numero, email, _situation in USAGERS:
                self._usager(identifiant=identifiant, document=documents[numero], email=email)
            groupe = self._groupe_agents()
            for identifiant, prenom, nom, code in AGENTS:
                agent = _compte(
                    identifiant,
                    is_staff=True,
                    prenom=prenom,
                    nom=nom,
                    email=f"{identifiant}@interieur.exemple.fr",
                    prefecture_id=prefectures[code],
                )
                agent.groups.add(groupe)
            _compte("admin", is_staff=True, is_superuser=True, email="admin@interieur.exemple.fr")
        self._afficher(documents)

    def _prefectures(self) -> dict[str, int]:
        for code, nom, ville in PREFECTURES:
            _enregistrer(Prefecture, {"code": code}, nom=nom, ville=ville)
        prefectures = dict(Prefecture.objects.values_list("code", "pk"))
        for code, nom, prefecture in DEPARTEMENTS:
            _enregistrer(
                Departement, {"code": code}, nom=nom, prefecture_id=prefectures[prefecture]
            )
        return prefectures

    def _usager(self, *, identifiant: str, document: DocumentSejour, email: str) -> User:
        par_visa = not document.numero_etranger
        return _compte(
            identifiant,
            email=email,
            numero_etranger=document.numero_etranger or None,
            nom=document.nom_naissance,
            prenom=document.prenoms,
            document=document,
            statut=StatutCompte.EN_ATTENTE_NUMERO if par_visa else StatutCompte.ACTIF,
        )

    def _groupe_agents(self) -> Group:
        groupe, _cree = Group.objects.get_or_create(name=GROUPE_AGENTS)
        groupe.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=APPS_CONSULTEES, codename__startswith="view_"
            )
        )
        return groupe

    def _afficher(self, documents: dict[str, DocumentSejour]) -> None:
        ecrire = self.stdout.write
        ecrire(_("Comptes de démonstration :"))
        lignes = [(_("Identifiant"), _("Mot de passe"), _("Situation"))]
        lignes += [(i, MOT_DE_PASSE, str(s)) for i, _n, _e, s in USAGERS]
        noms_prefectures = {code: nom for code, nom, _ville in PREFECTURES}
        lignes += [
            (
                identifiant,
                MOT_DE_PASSE,
                _("Agent instructeur, %(prefecture)s") % {"prefecture": noms_prefectures[code]},
            )
            for identifiant, _prenom, _nom, code in AGENTS
        ]
        lignes.append(("admin", MOT_DE_PASSE, _("Superutilisateur (back-office /back-office/)")))
        largeur = max(len(ligne[0]) for ligne in lignes)
        for identifiant, mot_de_passe, situation in lignes:
            ecrire(f"  {identifiant:<{largeur}}  {mot_de_passe:<13}  {situation}")
        ecrire("")
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
