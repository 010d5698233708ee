import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Departement, DocumentSejour, Prefecture, StatutCompte, User
from accounts.selectors import documents_du_titulaire

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "Demo#2026anef"


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    return out.getvalue()


def comptages():
    return {
        modele.__name__: list(modele.objects.order_by("pk").values_list("pk", flat=True))
        for modele in [Prefecture, Departement, DocumentSejour, User, Group]
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


def test_agents_have_a_prefecture_and_view_permissions():
    seed()

    agent = User.objects.get(identifiant="agent.nord")
    assert agent.is_staff and not agent.is_superuser
    assert agent.prefecture.nom == "Préfecture du Nord"
    assert agent.prefecture.departements.filter(code="59").exists()
    assert agent.groups.filter(name="Agents instructeurs").exists()
    assert agent.has_perm("demandes.view_demande")
    assert agent.has_perm("accounts.view_documentsejour")
    assert not agent.has_perm("demandes.change_demande")
    assert User.objects.filter(is_staff=True, prefecture__isnull=False).count() == 3
    assert User.objects.get(identifiant="admin").is_superuser


def test_prints_credentials_and_account_creation_data():
    sortie = seed()

    document = DocumentSejour.objects.get(numero="3199000501")
    assert "7503136189" in sortie
    assert "agent.paris" in sortie
    assert MOT_DE_PASSE in sortie
    assert f"n° 3199000501 — début de validité {document.date_debut_validite:%d/%m/%Y}" in sortie
    assert f"fin de validité {document.date_fin_validite:%d/%m/%Y}" in sortie


def test_refuses_to_run_outside_debug_without_the_flag():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
