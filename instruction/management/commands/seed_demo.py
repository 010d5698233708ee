"""Demo data for the embedded default (`make run`): prefectures, registry, applicants, agents,
and requests in every state. In `instruction`, the top of the apps' graph, because it uses them
all (accounts' data in accounts/demo.py, agents in instruction/demo_agents.py).

Every date is computed from the day the command runs, so that each applicant stays in the
situation the printed table gives (inside the deposit window, too early, expired...) whatever
the day. Idempotent: run on the same day it writes nothing; run later, it moves the registry
dates and resets a demo password that was changed, so the printed table stays true.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.demo import (
    DEPARTEMENTS,
    MOT_DE_PASSE,
    PREFECTURES,
    SANS_COMPTE,
    USAGERS,
    UsagerDemo,
    documents_demo,
)
from accounts.models import (
    Departement,
    DocumentSejour,
    Prefecture,
    StatutCompte,
    User,
)
from accounts.registre_csv import documents_enregistrer
from instruction import demo as demo_instruction
from instruction import demo_donnees
from instruction.demo_agents import NOMS_AGENTS, NOMS_PAR_ROLE, ROLES, agents_demo
from instruction.roles import groupe_de


class Command(BaseCommand):
    help = _("Crée les données de démonstration (préfectures, registre, comptes, agents).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=_("Autorise l'exécution hors démonstration (comptes aux mots de passe connus)."),
        )
        parser.add_argument(
            "--sans-demandes",
            action="store_true",
            help=_("Ne crée pas les demandes de démonstration (une par état, Préfecture du Nord)."),
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
            demo = documents_demo(aujourdhui, prefectures)
            documents_enregistrer(documents=demo)
            documents = DocumentSejour.objects.in_bulk(
                [d["numero"] for d in demo], field_name="numero"
            )
            for usager in USAGERS:
                self._usager(usager, document=documents[usager.documents[-1]])
            # The roles' groups come with the migration `instruction.0002_roles`.
            groupes = {role.code: groupe_de(role) for role in ROLES}
            for identifiant, code, role in agents_demo():
                prenom, nom = NOMS_AGENTS.get(identifiant, NOMS_PAR_ROLE[role.code])
                agent = _compte(
                    identifiant,
                    is_staff=True,
                    prenom=prenom,
                    nom=nom,
                    email=f"{identifiant}@interieur.exemple.fr",
                    prefecture_id=prefectures[code],
                )
                agent.groups.set([groupes[role.code]])
            _compte("admin", is_staff=True, is_superuser=True, email="admin@interieur.exemple.fr")
            # Requests in every state, moved by the agents' services.
            demandes = []
            if not options["sans_demandes"]:
                demandes = demo_instruction.demandes_demo_creer(
                    aujourdhui=aujourdhui,
                    prefecture_id=prefectures[demo_donnees.PREFECTURE],
                )
        self._afficher(documents)
        if demandes:
            self._afficher_demandes(demandes)

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
        ecrire("")
        ecrire(
            _(
                "Back-office : à la première connexion, chaque agent (et admin) active la double "
                "authentification en scannant un QR code avec une application d'authentification."
            )
        )

    def _afficher_demandes(self, demandes) -> None:
        ecrire = self.stdout.write
        ecrire("")
        ecrire(
            _(
                "Demandes de démonstration, Préfecture du Nord (mot de passe commun : "
                "%(mot_de_passe)s) :"
            )
            % {"mot_de_passe": MOT_DE_PASSE}
        )
        agents = demo_instruction.agents_demo()
        largeur = max(len(i) for i, _role in agents)
        for identifiant, role in agents:
            ecrire(f"  {identifiant:<{largeur}}  {role.libelle}")
        largeur = max(len(d.usager.identifiant) for d in demandes)
        for demande, demo in zip(demandes, demo_donnees.DEMANDES, strict=True):
            situation = f" ({demo.pour_essayer})" if demo.pour_essayer else ""
            ecrire(
                f"  {demande.numero}  {demande.usager.identifiant:<{largeur}}  "
                f"{demande.get_etat_display()}{situation}"
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
