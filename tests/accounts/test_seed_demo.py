import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Departement, DocumentSejour, Prefecture, StatutCompte, User
from accounts.selectors import documents_du_titulaire, statut_actuel
from demandes.regles import fenetre_depot

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "Demo#2026anef"


def seed(*options) -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-production", *options, stdout=out)
    return out.getvalue()


def comptages():
    from attestations.models import Attestation
    from demandes.models import Demande, HistoriqueEtat
    from instruction.models import Complement, Decision, Remise
    from notifications.models import Notification

    return {
        modele.__name__: list(modele.objects.order_by("pk").values_list("pk", flat=True))
        for modele in [
            Prefecture,
            Departement,
            DocumentSejour,
            User,
            Group,
            Demande,
            HistoriqueEtat,
            Complement,
            Decision,
            Remise,
            Attestation,
            Notification,
        ]
    }


def test_running_twice_changes_nothing():
    seed()
    avant = comptages()
    documents = list(DocumentSejour.objects.order_by("pk").values())
    mots_de_passe = list(User.objects.order_by("pk").values_list("password", flat=True))

    seed()

    assert comptages() == avant
    assert list(DocumentSejour.objects.order_by("pk").values()) == documents
    assert list(User.objects.order_by("pk").values_list("password", flat=True)) == mots_de_passe
    assert len(avant["Prefecture"]) == 8
    assert len(avant["Departement"]) >= 12


def test_a_changed_demo_password_is_reset_so_the_printed_table_stays_true():
    seed()
    usager = User.objects.get(identifiant="7503136189")
    usager.set_password("Autre#2026mdp")
    usager.save()

    seed()

    usager.refresh_from_db()
    assert usager.check_password(MOT_DE_PASSE)


def test_demo_applicant_logs_in_and_sees_two_titres_in_history(client):
    seed()

    response = client.post(
        "/compte/connexion/", {"identifiant": "7503136189", "password": MOT_DE_PASSE}
    )

    assert response.status_code == 302
    assert response["Location"] == "/espace-personnel/mon-compte/"
    usager = User.objects.get(identifiant="7503136189")
    assert documents_du_titulaire(usager).count() == 2
    titre = documents_du_titulaire(usager).order_by("-date_fin_validite").first()
    assert titre.mention == "ETUDIANT- ÉLÈVE"
    assert titre.date_fin_validite - timezone.localdate() == datetime.timedelta(days=90)


def test_registry_covers_the_demo_situations():
    seed()

    motifs = set(DocumentSejour.objects.values_list("motif", "mention"))
    assert ("BPS", "BENEFICIAIRE DE LA PROTECTION SUBSIDIAIRE") in motifs
    assert ("MNA placé avant 16 ans", "VIE PRIVÉE ET FAMILIALE") in motifs
    visa = User.objects.get(identifiant="lucas.silva@exemple.fr")
    assert visa.statut == StatutCompte.EN_ATTENTE_NUMERO
    assert visa.numero_etranger is None
    sans_compte = DocumentSejour.objects.get(numero="3199000501")
    assert not sans_compte.comptes.exists()
    assert not User.objects.filter(numero_etranger=sans_compte.numero_etranger).exists()


def test_agents_have_a_prefecture_and_the_real_roles():
    seed()

    agent = User.objects.get(identifiant="agent.nord")
    assert agent.is_staff and not agent.is_superuser
    assert agent.prefecture.nom == "Préfecture du Nord"
    assert agent.prefecture.departements.filter(code="59").exists()
    assert list(agent.groups.values_list("name", flat=True)) == ["Instructeurs"]
    assert agent.has_perm("demandes.view_demande")
    assert agent.has_perm("demandes.instruire_demande")
    assert not agent.has_perm("demandes.signer_decision")
    assert not agent.has_perm("demandes.change_demande")
    valideur = User.objects.get(identifiant="valideur.nord")
    assert list(valideur.groups.values_list("name", flat=True)) == ["Valideurs"]
    assert valideur.has_perm("demandes.signer_decision")
    admin_local = User.objects.get(identifiant="admin-local.nord")
    assert admin_local.has_perm("accounts.gerer_agents")
    assert not admin_local.has_perm("demandes.view_demande")
    assert admin_local.prefecture == agent.prefecture
    assert User.objects.filter(is_staff=True, prefecture__isnull=False).count() == 3 * 8
    assert User.objects.get(identifiant="admin").is_superuser


def test_demo_agents_enrol_the_second_factor_at_their_first_login(client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    sortie = seed()

    assert not TOTPDevice.objects.exists()
    assert "double authentification" in sortie
    reponse = client.post(
        "/back-office/login/",
        {"username": "valideur.nord", "password": MOT_DE_PASSE, "next": "/back-office/"},
    )
    assert reponse.status_code == 302
    reponse = client.get(client.get(reponse["Location"])["Location"])
    assert reponse["Location"].startswith("/back-office/second-facteur/activation/")


def test_prints_credentials_and_account_creation_data():
    sortie = seed()

    document = DocumentSejour.objects.get(numero="3199000501")
    assert "7503136189" in sortie
    assert "agent.paris" in sortie
    assert "valideur.paris" in sortie and "admin-local.paris" in sortie
    assert MOT_DE_PASSE in sortie
    assert f"n° 3199000501 — début de validité {document.date_debut_validite:%d/%m/%Y}" in sortie
    assert f"fin de validité {document.date_fin_validite:%d/%m/%Y}" in sortie


def test_refuses_to_run_outside_debug_without_the_flag():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()


# identifiant → deposit window status of the current document, whatever the day.
FENETRES = {
    "7503136189": "dans_les_delais",
    "9920000000": "dans_les_delais",
    "3303021457": "dans_les_delais",
    "6903058214": "dans_les_delais",
    "6904071236": "dans_les_delais",
    "9304082147": "dans_les_delais",
    "lucas.silva@exemple.fr": "sans_objet",
    "7303094518": "trop_tot",
    "1303105629": "expire",
}


@pytest.mark.parametrize(
    "jour",
    [
        datetime.datetime(2026, 1, 1, 9, 0),
        datetime.datetime(2026, 2, 28, 9, 0),
        datetime.datetime(2026, 3, 31, 9, 0),
        datetime.datetime(2026, 8, 31, 23, 30),
        datetime.datetime(2028, 2, 29, 9, 0),
        datetime.datetime(2026, 12, 31, 9, 0),
    ],
)
def test_each_applicant_is_in_the_situation_printed_whatever_the_day(jour):
    with time_machine.travel(jour, tick=False):
        seed("--sans-demandes")
        aujourdhui = timezone.localdate()

        statuts = {
            identifiant: fenetre_depot(
                statut_actuel(User.objects.get(identifiant=identifiant)), aujourdhui
            ).statut
            for identifiant in FENETRES
        }
        ages = {
            identifiant: _age(statut_actuel(User.objects.get(identifiant=identifiant)), aujourdhui)
            for identifiant in ["6903058214", "6904071236", "9304082147"]
        }

    assert statuts == FENETRES
    assert ages["6903058214"] >= 18
    assert 16 <= ages["6904071236"] < 18
    assert 16 <= ages["9304082147"] < 18


def test_seeded_motifs_match_the_catalogue():
    from demandes.catalogue import motif_du_registre

    seed()

    motifs = {
        identifiant: motif_du_registre(
            statut_actuel(User.objects.get(identifiant=identifiant)).motif
        )
        for identifiant in ["7503136189", "3303021457", "6903058214", "6904071236"]
    }
    assert {identifiant: m.code for identifiant, m in motifs.items()} == {
        "7503136189": "etudiant",
        "3303021457": "bpi",
        "6903058214": "vpf_ase",
        "6904071236": "vpf_ase",
    }


def test_every_prefecture_has_an_agent_of_each_role():
    from instruction.demo_agents import ROLES

    sortie = seed()

    for prefecture in Prefecture.objects.all():
        agents = User.objects.filter(is_staff=True, is_superuser=False, prefecture=prefecture)
        for role in ROLES:
            agent = agents.get(groups__name=role.groupe)
            assert agent.identifiant in sortie
            assert agent.check_password(MOT_DE_PASSE)


def test_prints_a_table_of_every_account_with_the_password_and_what_it_is_for():
    sortie = seed()

    table = sortie[sortie.index("Comptes de démonstration") :]
    for identifiant in [*FENETRES, "agent.savoie", "admin"]:
        ligne = next(ligne for ligne in table.splitlines() if ligne.split()[:1] == [identifiant])
        assert MOT_DE_PASSE in ligne
    assert "mineur non émancipé" in table
    assert "mineure émancipée" in table
    assert "Trop tôt" in table
    assert "expiré" in table


def test_seed_demo_demandes_prints_all_ten_ephoto_codes():
    premier = StringIO()
    call_command("seed_demo_demandes", "--allow-production", stdout=premier)
    from justificatifs.models import EPhoto
    from tests.demandes.factories import DemandeFactory

    EPhoto.objects.filter(code="DEMO01PHOTO2026ANEF000").update(
        demande=DemandeFactory(), reservee_le=timezone.now()
    )
    second = StringIO()
    call_command("seed_demo_demandes", "--allow-production", stdout=second)

    codes = [f"DEMO{n:02d}PHOTO2026ANEF000" for n in range(1, 11)]
    assert re.findall(r"DEMO\d{2}PHOTO2026ANEF000", premier.getvalue()) == codes
    assert re.findall(r"DEMO\d{2}PHOTO2026ANEF000", second.getvalue()) == codes
    assert "DEMO01PHOTO2026ANEF000  déjà utilisé" in second.getvalue()


def test_mail_links_follow_the_port_make_run_serves_on():
    racine = Path(__file__).resolve().parents[2]
    port = re.search(r"runserver 127\.0\.0\.1:(\d+)", (racine / "Makefile").read_text())[1]
    dev = (racine / "anef/settings/dev.py").read_text()

    assert f'"SITE_URL", "http://127.0.0.1:{port}"' in dev


def _age(document, le):
    naissance = document.date_naissance
    return le.year - naissance.year - ((le.month, le.day) < (naissance.month, naissance.day))


def test_sans_demandes_creates_no_request():
    from demandes.models import Demande

    sortie = seed("--sans-demandes")

    assert not Demande.objects.exists()
    assert "Demandes de démonstration" not in sortie


@pytest.mark.parametrize(
    "jour", [datetime.datetime(2026, 6, 15, 9, 0), datetime.datetime(2028, 2, 29, 23, 30)]
)
def test_the_nord_has_a_request_in_every_state_moved_by_the_services(jour):
    from demandes.etats import EtatDemande, Transition
    from demandes.models import Demande
    from instruction.models import Complement, Decision, StatutComplement, StatutDecision

    with time_machine.travel(jour, tick=False):
        sortie = seed()

    demandes = {d.etat: d for d in Demande.objects.exclude(etat=EtatDemande.BROUILLON)}
    assert set(demandes) == set(EtatDemande) - {EtatDemande.BROUILLON}
    assert Demande.objects.count() == len(demandes)
    for etat, demande in demandes.items():
        assert demande.prefecture.code == "59"
        historique = list(demande.historique.order_by("le", "pk"))
        assert historique[0].transition == Transition.DEPOSER
        assert historique[-1].vers == etat
        assert all(a.vers == b.depuis for a, b in zip(historique, historique[1:], strict=False))
        assert demande.numero in sortie
        assert str(EtatDemande(etat).label) in sortie
    assert demandes[EtatDemande.DEPOSEE].usager.statut == StatutCompte.EN_ATTENTE_NUMERO
    assert (
        Complement.objects.get(
            demande=demandes[EtatDemande.COMPLEMENT_DEMANDE], statut=StatutComplement.EN_ATTENTE
        ).elements.count()
        == 2
    )
    assert (
        demandes[EtatDemande.COMPLEMENT_DEMANDE].attestations.filter(type="prolongation").exists()
    )
    assert (
        Complement.objects.get(demande=demandes[EtatDemande.COMPLEMENT_RECU]).statut
        == StatutComplement.REPONDU
    )
    proposee = Decision.objects.get(demande=demandes[EtatDemande.DECISION_PROPOSEE])
    assert proposee.statut == StatutDecision.PROPOSEE
    refus = Decision.objects.get(demande=demandes[EtatDemande.DECISION_DEFAVORABLE])
    assert refus.statut == StatutDecision.SIGNEE
    with refus.document_refus.open("rb") as fichier:
        assert fichier.read(5) == b"%PDF-"
    remis = demandes[EtatDemande.TITRE_REMIS]
    assert statut_actuel(remis.usager) == remis.remise.titre
    assert demandes[EtatDemande.CLOTUREE].historique.get(transition="cloturer").motif


def test_the_demo_agents_can_act_on_the_demo_requests():
    from demandes.etats import EtatDemande, Transition
    from demandes.models import Demande
    from demandes.transitions import refus

    seed()

    instructeur = User.objects.get(identifiant="agent.nord")
    valideur = User.objects.get(identifiant="valideur.nord")
    assert valideur.check_password(MOT_DE_PASSE)
    deposee = Demande.objects.get(etat=EtatDemande.DEPOSEE)
    proposee = Demande.objects.get(etat=EtatDemande.DECISION_PROPOSEE)
    assert refus(deposee, Transition.PRENDRE_EN_CHARGE, instructeur) is None
    assert refus(proposee, Transition.SIGNER_FAVORABLE, valideur) is None
    assert refus(proposee, Transition.SIGNER_FAVORABLE, instructeur) is not None


def test_demo_applicants_log_in_and_see_their_request(client, django_capture_on_commit_callbacks):
    from demandes.etats import EtatDemande
    from demandes.models import Demande

    with django_capture_on_commit_callbacks(execute=True):
        seed()

    for demande in Demande.objects.select_related("usager"):
        client.logout()
        response = client.post(
            "/compte/connexion/",
            {"identifiant": demande.usager.identifiant, "password": MOT_DE_PASSE},
        )
        assert response.status_code == 302, demande.usager.identifiant
        if demande.etat == EtatDemande.CLOTUREE:
            # Mon compte lists the requests still followed; the closure is a notification.
            assert demande.usager.notifications.filter(type="cloture").exists()
            continue
        page = client.get("/espace-personnel/mon-compte/").content.decode()
        assert demande.numero in page
        assert str(EtatDemande(demande.etat).label) in page
    notifications = {
        d.etat: set(d.usager.notifications.values_list("type", flat=True))
        for d in Demande.objects.select_related("usager")
    }
    assert "decision" in notifications[EtatDemande.DECISION_FAVORABLE]
    assert "decision" in notifications[EtatDemande.DECISION_DEFAVORABLE]
    assert "titre_disponible" in notifications[EtatDemande.TITRE_DISPONIBLE]
    assert "demande_complement" in notifications[EtatDemande.COMPLEMENT_DEMANDE]
