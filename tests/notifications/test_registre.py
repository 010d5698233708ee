"""Every notification type created by its event: text, attached document, channels (an e-mail
for each, an SMS where the registry says so and the applicant has a mobile number)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from attestations.models import TypeAttestation
from demandes.etats import EtatDemande
from instruction import services
from instruction.models import MotifComplement
from notifications import registre
from notifications.models import Courriel, DocumentJoint, Notification, Sms, TypeNotification
from notifications.services import notifier, numero_mobile
from tests.demandes.factories import DemandeFactory
from tests.instruction.etats import demande_en
from tests.instruction.factories import agent
from tests.instruction.parcours_usager import favorable_signee, refusee

pytestmark = pytest.mark.django_db

SIGNATURE_AGENT = "Cordialement,\nL'agent Instructeur\nMinistère de l'Intérieur et des Outre-Mer"
ELEMENTS = [
    {
        "piece": "passeport",
        "libelle": "Passeport",
        "motif": MotifComplement.NON_LISIBLE,
        "observation": "La page d'identité est floue.",
    }
]


def avec_mobile(demande, numero="+33612345678"):
    demande.usager.telephone = numero
    demande.usager.save(update_fields=["telephone"])
    return demande


def courriel_de(notification) -> Courriel:
    return Courriel.objects.get(cle=f"notification:{notification.pk}")


def test_a_complement_request_is_told_in_site_by_mail_and_by_sms(
    django_capture_on_commit_callbacks,
):
    demande = avec_mobile(demande_en(EtatDemande.EN_INSTRUCTION))
    instructeur = agent("instructeur", prefecture=demande.prefecture)
    with django_capture_on_commit_callbacks(execute=True):
        complement = services.complement_demander(
            demande=demande, elements=ELEMENTS, par=instructeur
        )
    notification = Notification.objects.get(cle=f"complement:{complement.pk}")
    assert notification.type == TypeNotification.DEMANDE_COMPLEMENT
    assert notification.message.startswith("Je vous informe qu'après avoir pris connaissance")
    assert "dans un délai de 30 jours" in notification.message
    assert notification.signature == SIGNATURE_AGENT
    assert notification.document == DocumentJoint.AUCUN

    courriel = courriel_de(notification)
    assert courriel.modele == "complement"
    assert courriel.destinataire == demande.usager.email
    assert (
        "une demande de complément d'information a été formulée sur votre demande "
        f"n° {demande.numero}"
    ) in courriel.texte
    assert courriel.texte.rstrip().endswith("Cordialement,\nLe service instructeur")
    assert "généré automatiquement" not in courriel.texte
    assert "généré automatiquement" not in courriel.html
    assert "Le service instructeur" in courriel.html
    (message,) = [m for m in mail.outbox if m.to == [demande.usager.email]]
    assert (
        f"http://testserver/espace-personnel/complements/notification/{notification.pk}/"
        in message.body
    )

    sms = Sms.objects.get(cle=f"notification:{notification.pk}")
    assert sms.destinataire == "+33612345678"
    assert sms.texte.startswith(f"Bonjour {demande.usager.prenom}, un complément")
    assert demande.numero not in sms.texte and demande.usager.nom not in sms.texte
    assert sms.statut == "envoye"


def test_an_adp_notice_carries_the_adp_and_the_generic_mail(django_capture_on_commit_callbacks):
    demande = avec_mobile(demande_en(EtatDemande.EN_INSTRUCTION))
    instructeur = agent("instructeur", prefecture=demande.prefecture)
    debut = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        adp = services.adp_delivrer(
            demande=demande, debut=debut, fin=debut + datetime.timedelta(days=90), par=instructeur
        )
    notification = Notification.objects.get(cle=f"adp:{adp.pk}")
    assert notification.type == TypeNotification.PROLONGATION_INSTRUCTION
    assert (notification.document, notification.attestation) == (DocumentJoint.ATTESTATION, adp)
    courriel = courriel_de(notification)
    assert courriel.modele == "notification"
    assert courriel.texte.startswith(
        "Bonjour,\n\nVous venez de recevoir une notification, elle est accessible depuis votre "
        "espace personnel, pour y accéder vous pouvez cliquer sur le lien suivant :\n"
        "Se connecter : http://testserver/espace-personnel/notifications/"
    )
    assert "La Direction Générale des Etrangers en France" in courriel.texte
    assert "Ce message est généré automatiquement, merci de ne pas y répondre." in courriel.texte
    assert courriel.pieces_jointes == [adp.pk]
    assert (
        f'<a href="http://testserver/espace-personnel/notifications/{notification.pk}/">'
        "Se connecter</a>"
    ) in courriel.html
    assert "Ce message est généré automatiquement" in courriel.html
    # Not a channel of this type: no SMS even with a mobile number.
    assert not Sms.objects.exists()


def test_a_favourable_decision_carries_the_adf_its_mail_and_an_sms(
    django_capture_on_commit_callbacks,
):
    demande = avec_mobile(DemandeFactory(deposee=True))
    with django_capture_on_commit_callbacks(execute=True):
        favorable_signee(demande)
    notification = Notification.objects.get(demande=demande, type=TypeNotification.DECISION)
    assert f"votre demande en ligne de titre de séjour n° {demande.numero} a été acceptée" in (
        notification.message
    )
    assert notification.attestation.type == TypeAttestation.DECISION_FAVORABLE
    courriel = courriel_de(notification)
    assert courriel.modele == "decision"
    assert f"Bonjour {demande.usager.prenom} {demande.usager.nom.upper()}," in courriel.texte
    assert f"votre demande n° {demande.numero} a été traitée" in courriel.texte
    assert "Le service instructeur" in courriel.texte
    assert courriel.pieces_jointes == [notification.attestation.pk]
    message = next(m for m in mail.outbox if "Décision" in m.subject)
    assert [nom for nom, _contenu, _type in message.attachments][0].endswith(".pdf")
    assert Sms.objects.get(cle=f"notification:{notification.pk}").texte.startswith(
        f"Bonjour {demande.usager.prenom}, votre demande de titre de séjour a avancé"
    )


def test_a_refusal_offers_the_decision_document(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demande = refusee()
    notification = Notification.objects.get(demande=demande, type=TypeNotification.DECISION)
    assert (notification.document, notification.attestation) == (DocumentJoint.REFUS, None)
    assert "Le document relatif à la décision prise" in notification.message
    assert courriel_de(notification).modele == "decision"
    # No mobile number anywhere: no SMS.
    assert not Sms.objects.exists()


def test_a_closure_and_the_card_available(django_capture_on_commit_callbacks):
    demande = demande_en(EtatDemande.TITRE_EN_FABRICATION)
    demande.saisie["personnel"]["telephone"] = "+33781234567"
    demande.save(update_fields=["saisie"])
    instructeur = agent("instructeur", prefecture=demande.prefecture)
    with django_capture_on_commit_callbacks(execute=True):
        services.titre_disponible(demande=demande, par=instructeur)
    notification = Notification.objects.get(cle=f"titre-disponible:{demande.pk}")
    assert "disponible à la Préfecture du Nord" in notification.message
    assert courriel_de(notification).modele == "notification"
    sms = Sms.objects.get(cle=f"notification:{notification.pk}")
    # The step-1 number when the profile has none; the FAQ's way to collect the card.
    assert sms.destinataire == "+33781234567"
    assert "disponible à la Préfecture du Nord" in sms.texte
    assert "timbre fiscal électronique de 225 €" in sms.texte

    autre = demande_en(EtatDemande.EN_INSTRUCTION)
    agent_autre = agent("instructeur", prefecture=autre.prefecture)
    with django_capture_on_commit_callbacks(execute=True):
        services.demande_cloturer(demande=autre, motif="Pièces manquantes.", par=agent_autre)
    cloture = Notification.objects.get(cle=f"cloture:{autre.pk}")
    assert cloture.type == TypeNotification.CLOTURE
    assert "Motif : Pièces manquantes." in cloture.message
    assert courriel_de(cloture).modele == "notification"


def test_a_replay_writes_nothing_more_and_never_changes_the_state():
    demande = avec_mobile(demande_en(EtatDemande.TITRE_DISPONIBLE))
    contexte = {"prefecture": "Préfecture du Nord", "montant": "225"}
    for _ in range(2):
        notification = notifier(
            demande=demande, modele="titre_disponible", cle="essai:1", contexte=contexte
        )
    assert Notification.objects.filter(cle="essai:1").count() == 1
    assert Courriel.objects.filter(cle=f"notification:{notification.pk}").count() == 1
    assert Sms.objects.filter(cle=f"notification:{notification.pk}").count() == 1
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.TITRE_DISPONIBLE


def test_the_deposit_confirmation_entry_attaches_the_confirmation():
    demande = DemandeFactory(deposee=True)
    entree = registre.MODELES["confirmation_depot"]
    assert (entree.type, entree.document, entree.attestation) == (
        TypeNotification.CONFIRMATION_DEPOT,
        DocumentJoint.ATTESTATION,
        TypeAttestation.DEPOT,
    )
    notification = notifier(
        demande=demande, modele="confirmation_depot", cle="depot-essai", contexte={"date": "x"}
    )
    assert courriel_de(notification).modele == "depot_confirmation"
    assert notification.signature == ""


def test_every_type_has_a_registry_entry():
    assert {m.type for m in registre.MODELES.values()} == set(TypeNotification.values)


@pytest.mark.parametrize(
    ("profil", "etape_1", "attendu"),
    [
        ("+33612345678", "", "+33612345678"),
        ("", "+33781234567", "+33781234567"),
        ("+33123456789", "", None),  # a landline
        ("", "n'importe quoi", None),
        ("", "", None),
    ],
)
def test_the_mobile_number(profil, etape_1, attendu):
    demande = DemandeFactory(deposee=True)
    demande.usager.telephone = profil
    demande.saisie["personnel"]["telephone"] = etape_1
    assert numero_mobile(demande) == attendu
