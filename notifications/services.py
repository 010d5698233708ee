import phonenumbers
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from anef.publication import publish_on_commit
from attestations.models import Attestation
from notifications import registre
from notifications.models import (
    Courriel,
    DocumentJoint,
    Notification,
    Sms,
    StatutCourriel,
    StatutLivraison,
)

SIGNATURE = "La Direction Générale des Etrangers en France"
SIGNATURE_SERVICE = "Le service instructeur"
# Mails that carry a secret (a sign-in link, a temporary password): their body is not kept
# once sent, so nobody can read it back from the database or the back office.
MODELES_CONFIDENTIELS = {
    "inscription_confirmation",
    "mot_de_passe_reinitialisation",
    "email_changement",
    "compte_identifiant_provisoire",
}
CONTENU_EFFACE = "[contenu confidentiel effacé après envoi]"


def courriel_programmer(
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
    from notifications.tasks import courriel_expedier  # tasks imports this module

    publish_on_commit(courriel_expedier, courriel.pk)
    return courriel


def courriel_marquer_envoye(*, courriel: Courriel) -> None:
    changes = {"statut": StatutCourriel.ENVOYE, "envoye_le": timezone.now(), "derniere_erreur": ""}
    if courriel.modele in MODELES_CONFIDENTIELS:
        changes.update(texte=CONTENU_EFFACE, html=CONTENU_EFFACE)
    Courriel.objects.filter(pk=courriel.pk).update(**changes)


def courriel_marquer_echec(*, courriel: Courriel, erreur: Exception) -> bool:
    """Count a failed try; True when it was the last one (« échec définitif »)."""
    return livraison_marquer_echec(Courriel, courriel.pk, erreur)


def livraison_marquer_echec(model, pk: int, erreur: Exception) -> bool:
    """A failed try of a Courriel or Sms: after LIVRAISON_TENTATIVES_MAX of them the delivery
    stops (a poison job must not be retried for ever) and waits for an administrator."""
    model.objects.filter(pk=pk).update(
        tentatives=F("tentatives") + 1, derniere_erreur=type(erreur).__name__[:200]
    )
    tentatives = model.objects.values_list("tentatives", flat=True).get(pk=pk)
    definitif = tentatives >= settings.LIVRAISON_TENTATIVES_MAX
    statut = StatutLivraison.ECHEC_DEFINITIF if definitif else StatutLivraison.ECHEC
    model.objects.filter(pk=pk).update(statut=statut)
    return definitif


def livraisons_relancer(*, courriels=(), sms=()) -> int:
    """The admin's « Relancer »: the chosen unsent deliveries get a fresh count of tries and go
    back to a worker. Sent ones are left alone."""
    from notifications.tasks import courriel_expedier, sms_expedier  # tasks imports this module

    total = 0
    for model, pks, tache in ((Courriel, courriels, courriel_expedier), (Sms, sms, sms_expedier)):
        relances = list(
            model.objects.filter(pk__in=list(pks))
            .exclude(statut=StatutLivraison.ENVOYE)
            .values_list("pk", flat=True)
        )
        model.objects.filter(pk__in=relances).update(
            statut=StatutLivraison.A_ENVOYER, tentatives=0, derniere_erreur=""
        )
        for pk in relances:
            publish_on_commit(tache, pk)
        total += len(relances)
    return total


def sms_programmer(*, destinataire: str, modele: str, texte: str, cle: str) -> Sms:
    """Store an SMS and hand it to a worker after commit; once per `cle`."""
    sms, created = Sms.objects.get_or_create(
        cle=cle, defaults={"destinataire": destinataire, "modele": modele, "texte": texte}
    )
    if created:
        from notifications.tasks import sms_expedier  # tasks imports this module

        publish_on_commit(sms_expedier, sms.pk)
    return sms


def sms_marquer_envoye(*, sms: Sms) -> None:
    Sms.objects.filter(pk=sms.pk).update(
        statut=StatutLivraison.ENVOYE, envoye_le=timezone.now(), derniere_erreur=""
    )


def numero_mobile(demande) -> str | None:
    """Where an SMS can go: the profile's mobile number, else the one typed at step 1 of the
    request (E.164); None when neither is a mobile number."""
    usager = demande.usager
    candidats = [usager.telephone.as_e164 if usager.telephone else ""]
    candidats.append(((demande.saisie or {}).get("personnel") or {}).get("telephone") or "")
    for numero in candidats:
        try:
            analyse = phonenumbers.parse(numero, "FR")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(analyse) and phonenumbers.number_type(analyse) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            return phonenumbers.format_number(analyse, phonenumbers.PhoneNumberFormat.E164)
    return None


def notification_marquer_lue(*, notification: Notification) -> None:
    """The acknowledgement of receipt: recorded once, the first opening's time is kept (a
    conditional update, so two tabs opened together keep one time)."""
    if notification.lue_le is None:
        maintenant = timezone.now()
        if Notification.objects.filter(pk=notification.pk, lue_le__isnull=True).update(
            lue_le=maintenant
        ):
            notification.lue_le = maintenant
        else:
            notification.refresh_from_db(fields=["lue_le"])


def notifier(
    *, demande, modele: str, cle: str, contexte: dict | None = None, pieces_jointes=()
) -> Notification:
    """Create the notification `modele` (notifications/registre.py) for the request's applicant
    and, in the same transaction, its e-mail and SMS (per the entry's channels). Once per `cle`:
    a replay returns the existing notification and writes nothing."""
    entree = registre.modele(modele)
    usager = demande.usager
    valeurs = {"numero": demande.numero, "prenom": usager.prenom, **(contexte or {})}
    # Stored in the reference language, whatever the language of the page that caused it.
    with translation.override(settings.LANGUAGE_CODE):
        titre = str(entree.titre) % valeurs
        message = str(entree.texte) % valeurs
        signature = str(entree.signature)
        texte_sms = str(entree.sms) % valeurs if entree.sms else ""
    attestation = _attestation_jointe(demande, entree)
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            cle=cle,
            defaults={
                "usager": usager,
                "demande": demande,
                "type": entree.type,
                "titre": titre,
                "message": message,
                "signature": signature,
                "document": entree.document,
                "attestation": attestation,
            },
        )
        if not created:
            return notification
        lien = reverse(entree.url_detail, args=[notification.pk])
        if registre.COURRIEL in entree.canaux and usager.email:
            jointes = list(pieces_jointes) or ([attestation.pk] if attestation else [])
            courriel_programmer(
                destinataire=usager.email,
                modele=entree.courriel,
                cle=f"notification:{notification.pk}",
                pieces_jointes=jointes,
                contexte={
                    "nom": f"{usager.prenom} {usager.nom.upper()}".strip(),
                    "numero": demande.numero,
                    "lien": lien,
                    "signature": SIGNATURE_SERVICE
                    if entree.courriel in {"decision", "complement"}
                    else SIGNATURE,
                },
            )
        if registre.SMS in entree.canaux and texte_sms and (numero := numero_mobile(demande)):
            sms_programmer(
                destinataire=numero,
                modele=modele,
                texte=texte_sms,
                cle=f"notification:{notification.pk}",
            )
    return notification


def _attestation_jointe(demande, entree):
    if entree.document != DocumentJoint.ATTESTATION or demande is None:
        return None
    return (
        Attestation.objects.filter(demande=demande, type=entree.attestation)
        .order_by("-cree_le", "-pk")
        .first()
    )


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
