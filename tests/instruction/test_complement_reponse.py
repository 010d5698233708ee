"""The applicant's answer to a complement: the service (answers, files, refusals) and the page
(acknowledgement, scoping, form)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from demandes.models import EtatDemande, HistoriqueEtat
from demandes.transitions import TransitionRefusee
from instruction import complements, services
from instruction.complements import Reponse
from instruction.models import Complement, ReponseComplement, StatutComplement
from justificatifs.models import Fichier
from justificatifs.validation import FichierRefuse
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.instruction.complement_outils import complement_en_attente, upload
from tests.justificatifs import echantillons

pytestmark = pytest.mark.django_db

M, U = ReponseComplement.MAINTENIR, ReponseComplement.METTRE_A_JOUR


def elements_de(complement):
    passeport, domicile = complement.elements.order_by("pk")
    return passeport, domicile


def test_an_answer_maintaining_one_document_and_updating_another_reaches_the_agent(
    django_capture_on_commit_callbacks,
):
    complement, _agent = complement_en_attente(django_capture_on_commit_callbacks)
    usager = complement.demande.usager
    complements.complement_accuser(complement=complement, par=usager)
    passeport, domicile = elements_de(complement)
    nouveau = complements.complement_fichier_ajouter(
        element=domicile, upload=upload(nom="6657.PNG"), par=usager
    )

    complements.complement_repondre(
        complement=complement,
        reponses={
            passeport.pk: Reponse(M, "La copie comporte 2 pages"),
            domicile.pk: Reponse(U),
        },
        message="Voici la facture.",
        par=usager,
    )

    complement.refresh_from_db()
    assert complement.statut == StatutComplement.REPONDU
    assert complement.repondu_le is not None
    assert complement.message_usager == "Voici la facture."
    passeport.refresh_from_db()
    domicile.refresh_from_db()
    assert (passeport.reponse, passeport.raison_maintien) == (M, "La copie comporte 2 pages")
    assert (domicile.reponse, domicile.raison_maintien) == (U, "")
    complement.demande.refresh_from_db()
    assert complement.demande.etat == EtatDemande.COMPLEMENT_RECU
    ligne = HistoriqueEtat.objects.filter(demande=complement.demande).latest("le", "pk")
    assert ligne.transition == "recevoir_complement"
    assert ligne.par == usager
    assert ligne.donnees["reponses"] == {"passeport": M, "justificatif_domicile": U}
    # The old file is kept beside the new version.
    assert list(
        Fichier.objects.filter(piece="justificatif_domicile").values_list(
            "nom", "element_complement"
        )
    ) == [("facture.png", None), ("6657.PNG", domicile.pk)]
    assert nouveau.demande_id == complement.demande_id
    notification = Notification.objects.get(cle=f"complement:{complement.pk}")
    assert notification.repondue_le == complement.repondu_le


def test_a_second_answer_is_refused_and_changes_nothing():
    complement, _agent = complement_en_attente()
    usager = complement.demande.usager
    passeport, domicile = elements_de(complement)
    reponses = {passeport.pk: Reponse(M, "Lisible"), domicile.pk: Reponse(M, "Joint")}
    complements.complement_repondre(complement=complement, reponses=reponses, par=usager)

    with pytest.raises(services.InstructionError, match="déjà répondu"):
        complements.complement_repondre(
            complement=complement, reponses=reponses, message="encore", par=usager
        )
    complement.refresh_from_db()
    assert complement.message_usager == ""
    assert HistoriqueEtat.objects.filter(transition="recevoir_complement").count() == 1


def test_an_answer_after_the_delay_is_refused_with_the_due_date():
    complement, _agent = complement_en_attente()
    usager = complement.demande.usager
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC), tick=False):
        complements.complement_accuser(complement=complement, par=usager)
    passeport, domicile = elements_de(complement)
    with time_machine.travel(datetime.datetime(2026, 4, 1, 10, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(services.InstructionError, match="a expiré le 31/03/2026"):
            complements.complement_repondre(
                complement=complement,
                reponses={passeport.pk: Reponse(M, "a"), domicile.pk: Reponse(M, "b")},
                par=usager,
            )
    complement.refresh_from_db()
    assert complement.statut == StatutComplement.EN_ATTENTE


@pytest.mark.parametrize(
    ("reponses", "message"),
    [
        (lambda p, d: {p.pk: Reponse(M, "ok")}, "Indiquez votre réponse pour le document"),
        (lambda p, d: {p.pk: Reponse(M, "  "), d.pk: Reponse(M, "x")}, "raisons du maintien"),
        (lambda p, d: {p.pk: Reponse(M, "ok"), d.pk: Reponse(U)}, "Joignez le nouveau document"),
        (lambda p, d: {p.pk: Reponse("perdu"), d.pk: Reponse(M, "x")}, "Indiquez votre réponse"),
    ],
)
def test_an_incomplete_answer_is_refused(reponses, message):
    complement, _agent = complement_en_attente()
    passeport, domicile = elements_de(complement)
    with pytest.raises(services.InstructionError, match=message):
        complements.complement_repondre(
            complement=complement,
            reponses=reponses(passeport, domicile),
            par=complement.demande.usager,
        )
    complement.refresh_from_db()
    assert complement.statut == StatutComplement.EN_ATTENTE
    assert complement.demande.etat == EtatDemande.COMPLEMENT_DEMANDE


def test_a_bad_file_is_refused_and_not_stored():
    complement, _agent = complement_en_attente()
    _passeport, domicile = elements_de(complement)
    with pytest.raises(FichierRefuse):
        complements.complement_fichier_ajouter(
            element=domicile,
            upload=upload(echantillons.executable(), "facture.png"),
            par=complement.demande.usager,
        )
    assert not Fichier.objects.filter(element_complement=domicile).exists()


def test_a_fourth_file_for_one_document_is_refused_and_a_double_send_is_attached_once():
    complement, _agent = complement_en_attente()
    usager = complement.demande.usager
    _passeport, domicile = elements_de(complement)
    contenus = [echantillons.png(), echantillons.jpeg(), echantillons.pdf()]
    for contenu in contenus:
        complements.complement_fichier_ajouter(element=domicile, upload=upload(contenu), par=usager)
    complements.complement_fichier_ajouter(element=domicile, upload=upload(contenus[0]), par=usager)
    assert Fichier.objects.filter(element_complement=domicile).count() == 3
    with pytest.raises(FichierRefuse, match="3 fichiers"):
        complements.complement_fichier_ajouter(
            element=domicile, upload=upload(echantillons.bmp()), par=usager
        )


def test_files_are_accepted_for_a_complement_only_from_its_applicant_while_it_waits():
    complement, _agent = complement_en_attente()
    _passeport, domicile = elements_de(complement)
    with pytest.raises(TransitionRefusee):
        complements.complement_fichier_ajouter(element=domicile, upload=upload(), par=UserFactory())
    services.demande_cloturer(demande=complement.demande, motif="Incomplète", par=None)
    with pytest.raises(services.InstructionError, match="n'attend plus de réponse"):
        complements.complement_fichier_ajouter(
            element=domicile, upload=upload(), par=complement.demande.usager
        )
    assert not Fichier.objects.filter(element_complement=domicile).exists()


def test_files_attached_to_a_maintained_document_are_dropped():
    complement, _agent = complement_en_attente()
    usager = complement.demande.usager
    passeport, domicile = elements_de(complement)
    complements.complement_fichier_ajouter(element=passeport, upload=upload(), par=usager)
    complements.complement_repondre(
        complement=complement,
        reponses={passeport.pk: Reponse(M, "Lisible"), domicile.pk: Reponse(M, "Joint")},
        par=usager,
    )
    assert not Fichier.objects.filter(element_complement__isnull=False).exists()


# The page


def url(complement) -> str:
    return reverse("instruction:complement", args=[complement.pk])


def test_opening_the_page_is_the_acknowledgement_and_shows_the_due_date(
    client, django_capture_on_commit_callbacks
):
    complement, _agent = complement_en_attente(django_capture_on_commit_callbacks)
    usager = complement.demande.usager
    client.force_login(usager)

    client.head(url(complement))
    client.get(url(complement), headers={"Sec-Purpose": "prefetch"})
    client.get(url(complement), headers={"Purpose": "prefetch"})
    complement.refresh_from_db()
    assert complement.accuse_le is None

    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC), tick=False):
        response = client.get(url(complement))
    assert response.status_code == 200
    complement.refresh_from_db()
    assert complement.accuse_le == datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)
    notification = Notification.objects.get(cle=f"complement:{complement.pk}")
    assert notification.lue_le == complement.accuse_le
    texte = response.content.decode()
    assert f"Bonjour {usager.prenom} {usager.nom.upper()}," in texte
    assert "Vous avez jusqu'au 31/03/2026 pour répondre" in texte
    assert "ne sont pas lisibles :" in texte
    assert "sont manquants :" in texte
    assert "234.PNG" in texte
    assert "Veuillez fournir une copie lisible de votre passeport." in texte
    assert "courrier manuscrit" in texte

    # A second opening keeps the first moment.
    client.get(url(complement))
    complement.refresh_from_db()
    assert complement.accuse_le == datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)


def test_another_applicant_and_an_agent_get_a_404(client):
    complement, instructeur = complement_en_attente()
    for user in (UserFactory(), instructeur):
        client.force_login(user)
        assert client.get(url(complement)).status_code == 404
        assert client.post(url(complement), {"envoyer": "1"}).status_code == 404
    complement.refresh_from_db()
    assert complement.accuse_le is None


def test_the_page_attaches_a_file_keeps_what_was_typed_then_sends_the_answer(client):
    complement, _agent = complement_en_attente()
    client.force_login(complement.demande.usager)
    passeport, domicile = elements_de(complement)
    saisie = {
        f"reponse_{passeport.pk}": M,
        f"raison_{passeport.pk}": "La copie comporte 2 pages",
        f"reponse_{domicile.pk}": U,
        "message": "Bonne réception",
    }

    response = client.post(
        url(complement), {**saisie, "ajouter": domicile.pk, f"fichier_{domicile.pk}": upload()}
    )
    assert response.status_code == 200
    texte = response.content.decode()
    assert "La copie comporte 2 pages" in texte
    assert "Bonne réception" in texte
    assert "6657.PNG" in texte
    assert Fichier.objects.filter(element_complement=domicile).count() == 1

    response = client.post(url(complement), {**saisie, "envoyer": "1"})
    assert response.status_code == 302
    complement.refresh_from_db()
    assert complement.statut == StatutComplement.REPONDU
    assert complement.message_usager == "Bonne réception"
    texte = client.get(url(complement)).content.decode()
    assert "Vous avez répondu le" in texte
    assert "Valider et envoyer" not in texte


def test_the_page_answers_a_missing_answer_and_a_bad_file_beside_their_fields(client):
    complement, _agent = complement_en_attente()
    client.force_login(complement.demande.usager)
    passeport, domicile = elements_de(complement)

    response = client.post(
        url(complement),
        {
            f"reponse_{domicile.pk}": U,
            f"fichier_{domicile.pk}": upload(echantillons.executable(), "f.png"),
            "message": "gardé",
            "envoyer": "1",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[f"reponse_{passeport.pk}"] == [
        "Choisissez de maintenir ou de mettre à jour ce document."
    ]
    assert form.errors[f"fichier_{domicile.pk}"]
    assert "gardé" in response.content.decode()
    assert Complement.objects.get().statut == StatutComplement.EN_ATTENTE


def test_a_file_chosen_without_pressing_joindre_goes_with_the_answer(client):
    complement, _agent = complement_en_attente()
    client.force_login(complement.demande.usager)
    passeport, domicile = elements_de(complement)
    response = client.post(
        url(complement),
        {
            f"reponse_{passeport.pk}": M,
            f"raison_{passeport.pk}": "Lisible",
            f"reponse_{domicile.pk}": U,
            f"fichier_{domicile.pk}": upload(),
            "envoyer": "1",
        },
    )
    assert response.status_code == 302
    assert Fichier.objects.filter(element_complement=domicile).count() == 1
    complement.refresh_from_db()
    assert complement.statut == StatutComplement.REPONDU


def test_the_page_after_the_delay_says_why_and_offers_no_form(client):
    complement, _agent = complement_en_attente()
    client.force_login(complement.demande.usager)
    Complement.objects.filter(pk=complement.pk).update(
        accuse_le=timezone.now() - datetime.timedelta(days=40)
    )
    texte = client.get(url(complement)).content.decode()
    assert "Le délai de 30 jours pour répondre à cette demande de complément a expiré" in texte
    assert "Valider et envoyer" not in texte
