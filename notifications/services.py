from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from anef.publication import publish_on_commit
from notifications.models import Courriel, Notification, StatutCourriel

SIGNATURE = "La Direction Générale des Etrangers en France"
# Mails that carry a secret (a sign-in link, a temporary password): their body is not kept
# once sent, so nobody can read it back from the database or the back office.
CONFIDENTIAL_MODELS = {
    "inscription_confirmation",
    "mot_de_passe_reinitialisation",
    "email_changement",
    "compte_identifiant_provisoire",
}
ERASED_BODY = "[contenu confidentiel effacé après envoi]"


def courriel_envoyer(
    *,
    destinataire: str,
    modele: str,
    contexte: dict,
    cle: str | None = None,
    pieces_jointes=(),
) -> Courriel:
    """Render `notifications/emails/<modele>.{txt,html}` and queue it after commit.

    The subject is the first line of the text template. With a `cle`, the same event never
    sends twice: the existing mail is returned. `pieces_jointes`: primary keys of attestations
    whose PDFs are attached when the mail is sent.
    """
    if cle:
        existing = Courriel.objects.filter(cle=cle).first()
        if existing is not None:
            return existing
    contexte = {"site_url": settings.SITE_URL, "signature": SIGNATURE, **contexte}
    sujet, _sep, texte = render_to_string(f"notifications/emails/{modele}.txt", contexte).partition(
        "\n"
    )
    html = render_to_string(f"notifications/emails/{modele}.html", contexte)
    courriel = Courriel.objects.create(
        cle=cle,
        destinataire=destinataire,
        modele=modele,
        sujet=sujet.strip(),
        texte=texte.lstrip("\n"),
        html=html,
        pieces_jointes=[int(pk) for pk in pieces_jointes],
    )
    from notifications.tasks import courriel_expedier

    publish_on_commit(courriel_expedier, courriel.pk)
    return courriel


def courriel_marquer_envoye(*, courriel: Courriel) -> None:
    changes = {"statut": StatutCourriel.ENVOYE, "envoye_le": timezone.now(), "derniere_erreur": ""}
    if courriel.modele in CONFIDENTIAL_MODELS:
        changes.update(texte=ERASED_BODY, html=ERASED_BODY)
    Courriel.objects.filter(pk=courriel.pk).update(**changes)


def courriel_marquer_echec(*, courriel: Courriel, erreur: Exception) -> None:
    Courriel.objects.filter(pk=courriel.pk).update(
        statut=StatutCourriel.ECHEC,
        tentatives=courriel.tentatives + 1,
        derniere_erreur=type(erreur).__name__,
    )


def notification_marquer_lue(*, notification: Notification) -> None:
    if notification.lue_le is None:
        notification.lue_le = timezone.now()
        notification.save(update_fields=["lue_le"])


def notification_creer(
    *, usager, type: str, titre: str, message: str, demande=None, cle: str | None = None
):
    """Create an in-app notification once: per `cle` when given (a request may get several of
    one type, e.g. two complements), else per applicant, type and request. A replay returns the
    existing one."""
    if cle is not None:
        notification, _created = Notification.objects.get_or_create(
            cle=cle,
            defaults={
                "usager": usager,
                "type": type,
                "demande": demande,
                "titre": titre,
                "message": message,
            },
        )
        return notification
    notification, _created = Notification.objects.get_or_create(
        usager=usager, type=type, demande=demande, defaults={"titre": titre, "message": message}
    )
    return notification
