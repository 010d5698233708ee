"""One scoping rule for the whole back office (anef.back_office.perimetre), checked over every
registered model and every kind of staff user: which rows each one's list shows, and which
change pages answer 200, 404 (out of scope) or send back to the login page."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.db.models import Q
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone

from accounts.models import Inscription, Prefecture, User
from anef.back_office import PerimetreAdmin, perimetre
from attestations.models import Attestation
from demandes.models import Demande, EtatDemande
from justificatifs.models import Consultation, EPhoto, Fichier
from notifications.models import Courriel, Notification, Sms, TypeNotification
from tests.accounts.factories import DocumentSejourFactory, PrefectureFactory, UserFactory
from tests.back_office import connecter_agent
from tests.demandes.factories import DemandeFactory, document_a_renouveler

pytestmark = pytest.mark.django_db

KINDS = ["superuser", "agent_a", "agent_b", "sans_prefecture", "sans_role"]


def _rows(world, model, cle, objets):
    world.setdefault(model, {}).setdefault(cle, set()).update(o.pk for o in objets)


def _depot(prefecture, numero, world, cle):
    usager = UserFactory(document=document_a_renouveler(motif="Etudiant", prefecture=prefecture))
    demande = DemandeFactory(
        usager=usager,
        etat=EtatDemande.DEPOSEE,
        numero=numero,
        deposee_le=timezone.now(),
        prefecture=prefecture,
    )
    fichier = Fichier(demande=demande, piece="passeport", nom="passeport.pdf", taille=4)
    fichier.type_mime, fichier.sha256 = "application/pdf", "0" * 64
    fichier.fichier.save("", ContentFile(b"%PDF"), save=True)
    ephoto = EPhoto.objects.create(
        code=f"{numero[:2]}PMTEK00000000000000A",
        prise_le=timezone.localdate(),
        demande=demande,
        reservee_le=timezone.now(),
    )
    notification = Notification.objects.create(
        usager=usager, demande=demande, type=TypeNotification.CONFIRMATION_DEPOT, titre="t"
    )
    attestation = Attestation.objects.create(
        demande=demande, type="depot", emise_le=timezone.localdate(), nom_fichier="a.pdf"
    )
    document = DocumentSejourFactory(prefecture=prefecture)
    inscription = Inscription.objects.create(document=document, email="x@exemple.fr")
    _rows(world, "demandes.Demande", cle, [demande])
    _rows(world, "justificatifs.Fichier", cle, [fichier])
    _rows(world, "justificatifs.EPhoto", cle, [ephoto])
    _rows(world, "notifications.Notification", cle, [notification])
    _rows(world, "attestations.Attestation", cle, [attestation])
    _rows(world, "accounts.DocumentSejour", cle, [document, usager.document])
    _rows(world, "accounts.Inscription", cle, [inscription])
    _rows(world, "accounts.User", cle, [usager])
    _rows(world, "accounts.Prefecture", cle, [prefecture])
    return fichier


@pytest.fixture
def world():
    """Rows of prefecture A, of prefecture B, of a draft, and rows of no prefecture, for every
    registered model: {label: {"A"|"B"|"brouillon"|"autres": {pk}}}."""
    world: dict[str, dict[str, set]] = {}
    groupe = Group.objects.create(name="Agents instructeurs")
    # With the administrateur local's permission, so that the agents' page is in the test too.
    groupe.permissions.set(
        Permission.objects.filter(Q(codename__startswith="view_") | Q(codename="gerer_agents"))
    )
    prefectures = {
        "A": PrefectureFactory(code="59", nom="Préfecture du Nord"),
        "B": PrefectureFactory(code="75", nom="Préfecture de police"),
    }
    users = {}
    for cle, prefecture in prefectures.items():
        fichier = _depot(prefecture, f"{prefecture.code}01202611230000001", world, cle)
        agent = UserFactory(agent=True, prefecture=prefecture, identifiant=f"agent_{cle}")
        agent.groups.add(groupe)
        users[f"agent_{cle.lower()}"] = agent
        consultation = Consultation.objects.create(fichier=fichier, agent=agent)
        _rows(world, "accounts.User", cle, [agent])
        _rows(world, "accounts.Agent", cle, [agent])
        _rows(world, "justificatifs.Consultation", "autres", [consultation])
    users["superuser"] = UserFactory(
        agent=True, prefecture=None, is_superuser=True, identifiant="admin"
    )
    users["sans_role"] = UserFactory(agent=True, prefecture=prefectures["A"], identifiant="nu")
    _rows(world, "accounts.User", "A", [users["sans_role"]])
    _rows(world, "accounts.Agent", "A", [users["sans_role"]])
    _rows(world, "accounts.User", "autres", [users["superuser"]])

    brouillon = DemandeFactory(
        usager=UserFactory(document=document_a_renouveler(prefecture=prefectures["A"]))
    )
    _rows(world, "accounts.User", "autres", [brouillon.usager])
    _rows(world, "accounts.DocumentSejour", "A", [brouillon.usager.document])
    _rows(world, "demandes.Demande", "brouillon", [brouillon])
    fichier = Fichier(demande=brouillon, piece="passeport", nom="brouillon.pdf", taille=4)
    fichier.type_mime, fichier.sha256 = "application/pdf", "1" * 64
    fichier.fichier.save("", ContentFile(b"%PDF"), save=True)
    _rows(world, "justificatifs.Fichier", "brouillon", [fichier])
    ephoto = EPhoto.objects.create(
        code="DRPMTEK00000000000000A",
        prise_le=timezone.localdate(),
        demande=brouillon,
        reservee_le=timezone.now(),
    )
    _rows(world, "justificatifs.EPhoto", "brouillon", [ephoto])
    _rows(
        world,
        "justificatifs.EPhoto",
        "autres",
        [EPhoto.objects.create(code="LIBREK00000000000000AA", prise_le=timezone.localdate())],
    )
    _rows(
        world,
        "notifications.Notification",
        "brouillon",
        [
            Notification.objects.create(
                usager=brouillon.usager,
                demande=brouillon,
                type=TypeNotification.CONFIRMATION_DEPOT,
                titre="b",
            )
        ],
    )
    _rows(
        world,
        "notifications.Courriel",
        "autres",
        [Courriel.objects.create(destinataire="x@exemple.fr", modele="m", sujet="s")],
    )
    _rows(
        world,
        "notifications.Sms",
        "autres",
        [
            Sms.objects.create(
                destinataire="+33612345678", modele="m", texte="t", cle="sms:perimetre"
            )
        ],
    )
    _rows(world, "auth.Group", "autres", [groupe])
    acces = {"user_agent": "ua", "ip_address": "127.0.0.1", "username": "x", "path_info": "/"}
    _rows(world, "axes.AccessLog", "autres", [AccessLog.objects.create(**acces)])
    _rows(
        world,
        "axes.AccessFailureLog",
        "autres",
        [AccessFailureLog.objects.create(**acces)],
    )
    _rows(
        world,
        "axes.AccessAttempt",
        "autres",
        [AccessAttempt.objects.create(**acces, failures_since_start=1)],
    )
    # A staff user without a prefecture cannot be saved any more (check constraint): the one
    # in the test is a saved agent whose prefecture is dropped in memory, as a row from before
    # the constraint would look.
    sans_prefecture = UserFactory(agent=True, identifiant="sans_prefecture")
    sans_prefecture.groups.add(groupe)
    _rows(world, "accounts.User", "autres", [sans_prefecture])
    _rows(world, "accounts.Agent", "autres", [sans_prefecture])
    world["accounts.Prefecture"]["autres"] = {sans_prefecture.prefecture_id}
    sans_prefecture.prefecture = None
    users["sans_prefecture"] = sans_prefecture
    return world, users


def _visible(world, model, label, kind) -> set:
    rangs = world[label]
    if kind == "superuser":  # everything but drafts, logins of the test included (axes)
        every = set(model._default_manager.values_list("pk", flat=True))
        return every - rangs.get("brouillon", set())
    return rangs.get({"agent_a": "A", "agent_b": "B"}[kind], set())


def _get(client, users, kind, url):
    if kind == "sans_prefecture":
        request = RequestFactory().get(url)
        request.user = users[kind]
        match = resolve(url)
        return match.func(request, *match.args, **match.kwargs)
    connecter_agent(client, users[kind])
    return client.get(url)


def _admin_only(model_admin) -> bool:
    return model_admin.perimetre_prefecture is None


def test_every_registered_admin_uses_the_scoping_helper():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, PerimetreAdmin), model._meta.label


def test_the_world_has_rows_for_every_registered_model(world):
    rows, _users = world
    assert {m._meta.label for m in admin.site._registry} <= set(rows)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "label", sorted(m._meta.label for m in admin.site._registry), ids=lambda label: label
)
def test_scoping(client, world, kind, label):
    rows, users = world
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.label == label)
    opts = model_admin.model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    every_row = set().union(*rows[label].values())

    response = _get(client, users, kind, changelist)
    request = RequestFactory().get(changelist)
    request.user = users[kind]
    in_scope = set(model_admin.get_queryset(request).values_list("pk", flat=True))
    if kind in ("sans_prefecture", "sans_role"):
        assert in_scope == set()
        assert response.status_code == 302 and "/login/" in response["Location"]
        for pk in every_row:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
            assert _get(client, users, kind, change).status_code == 302
        return

    expected = set() if kind != "superuser" and _admin_only(model_admin) else None
    expected = _visible(rows, model_admin.model, label, kind) if expected is None else expected
    assert in_scope == expected
    if kind != "superuser" and _admin_only(model_admin):
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert set(response.context["cl"].queryset.values_list("pk", flat=True)) == expected
    for pk in every_row:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
        status = _get(client, users, kind, change).status_code
        assert status == (200 if pk in expected else 404), (label, kind, pk)


def test_a_staff_user_needs_a_prefecture():
    with pytest.raises(IntegrityError):
        User.objects.create(identifiant="agent", is_staff=True)


def test_the_superuser_may_have_no_prefecture():
    assert User.objects.create(identifiant="root", is_staff=True, is_superuser=True).pk


def test_an_inactive_superuser_sees_nothing(world):
    _rows, users = world
    users["superuser"].is_active = False
    assert not perimetre(Prefecture.objects.all(), users["superuser"], prefecture="pk").exists()


def test_no_prefecture_no_rows_even_when_asked_for_none():
    """`filter(prefecture_id=None)` is `IS NULL`: drafts and nationwide rows must not match."""
    agent = UserFactory(agent=True)
    agent.groups.add(Group.objects.create(name="r"))
    agent.prefecture_id = None
    DemandeFactory()  # a draft: no prefecture
    assert not perimetre(Demande.objects.all(), agent, prefecture="prefecture").exists()


def test_the_draft_state_is_the_requests_one():
    from anef.back_office import BROUILLON

    assert BROUILLON == EtatDemande.BROUILLON
