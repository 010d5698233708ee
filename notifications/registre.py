"""Every notification the applicant can receive, declared once: its type, title, text (the
service's own wording, docs/notifications.md), attached document, channels, signature, e-mail
and SMS. `notifications.services.notifier` creates one from its entry; a
notification never changes a request's state."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from notifications.models import DocumentJoint, TypeNotification

SITE = "site"
COURRIEL = "courriel"
SMS = "sms"

SIGNATURE_AGENT = _("Cordialement,\nL'agent Instructeur\nMinistère de l'Intérieur et des Outre-Mer")


@dataclass(frozen=True)
class Modele:
    type: str
    titre: object
    # %-format with `numero` (the request's number) and the entry's own values.
    texte: object
    canaux: frozenset = frozenset({SITE, COURRIEL})
    signature: object = SIGNATURE_AGENT
    # DocumentJoint, and for an attestation its attestations.TypeAttestation value (the latest
    # version is attached).
    document: str = DocumentJoint.AUCUN
    attestation: str | None = None
    # E-mail template (notifications/emails/<courriel>.{txt,html}): the generic one unless the
    # entry has a text of its own (docs/notifications.md).
    courriel: str = "notification"
    sms: object = None
    # URL name of the detail page, called with the notification's pk (a complement request's
    # answer page can take over its type here).
    url_detail: str = "notifications:detail"


# A complement request, and its reminders, open on the answer page (instruction.views).
URL_COMPLEMENT = "instruction:complement_notification"

SMS_AVANCEMENT = _(
    "Bonjour %(prenom)s, votre demande de titre de séjour a avancé : une notification vous "
    "attend dans votre espace personnel sur le site Étrangers en France."
)

MODELES: dict[str, Modele] = {
    "confirmation_depot": Modele(
        TypeNotification.CONFIRMATION_DEPOT,
        _("Confirmation de dépôt de votre demande n° %(numero)s"),
        _(
            "Votre demande de titre de séjour n° %(numero)s a bien été enregistrée le %(date)s. "
            "Elle sera instruite par les services de l'Etat."
        ),
        signature="",
        document=DocumentJoint.ATTESTATION,
        attestation="depot",
        courriel="depot_confirmation",
    ),
    "demande_complement": Modele(
        TypeNotification.DEMANDE_COMPLEMENT,
        _("Demande de complément"),
        _(
            "Je vous informe qu'après avoir pris connaissance des documents justificatifs "
            "joints à votre demande, un complément d'information est nécessaire à la poursuite "
            "de son instruction.\n\n"
            "Si vous n'apportez pas les compléments nécessaires dans un délai de 30 jours après "
            "avoir pris connaissance de ce message, votre demande pourra être considérée comme "
            "incomplète par l'administration qui ne sera pas en mesure de prendre une décision "
            "d'acceptation ou de refus de votre demande, et elle sera clôturée."
        ),
        canaux=frozenset({SITE, COURRIEL, SMS}),
        courriel="complement",
        url_detail=URL_COMPLEMENT,
        sms=_(
            "Bonjour %(prenom)s, un complément d'information est demandé pour votre demande de "
            "titre de séjour. Consultez votre espace personnel sur le site Étrangers en France."
        ),
    ),
    "prolongation_instruction": Modele(
        TypeNotification.PROLONGATION_INSTRUCTION,
        _("Notification de prolongation de l'instruction"),
        _(
            "L'instruction de votre demande de titre de séjour n° %(numero)s se poursuit. "
            "Une attestation de prolongation d'instruction est mise à votre disposition dans "
            "votre espace personnel : elle justifie de votre situation pendant sa durée de "
            "validité."
        ),
        document=DocumentJoint.ATTESTATION,
        attestation="prolongation",
    ),
    "decision_favorable": Modele(
        TypeNotification.DECISION,
        _("Notification de décision"),
        _(
            "Je vous informe que votre demande en ligne de titre de séjour n° %(numero)s a été "
            "acceptée. Un nouveau titre de séjour est en cours de fabrication et vous sera "
            "prochainement remis.\n\n"
            "Dans l'attente de cette remise, vous trouverez en pièce jointe l'attestation de "
            "décision favorable qui vous permettra de justifier votre droit au séjour et de "
            "maintenir vos droits associés dans l'attente de la remise de votre nouveau titre en "
            "préfecture.\n\n"
            "L'administration vous recontactera pour que vous veniez retirer ce titre en "
            "préfecture, et vous précisera le montant de la taxe à acquitter."
        ),
        canaux=frozenset({SITE, COURRIEL, SMS}),
        document=DocumentJoint.ATTESTATION,
        attestation="decision_favorable",
        courriel="decision",
        sms=SMS_AVANCEMENT,
    ),
    "decision_defavorable": Modele(
        TypeNotification.DECISION,
        _("Notification de décision"),
        _(
            "Dans le cadre de votre démarche en ligne de titre de séjour, votre demande "
            "n° %(numero)s a été traitée. Le document relatif à la décision prise par la "
            "préfecture est à télécharger ci-dessous."
        ),
        canaux=frozenset({SITE, COURRIEL, SMS}),
        document=DocumentJoint.REFUS,
        courriel="decision",
        sms=SMS_AVANCEMENT,
    ),
    "cloture": Modele(
        TypeNotification.CLOTURE,
        _("Notification de clôture de la demande"),
        _(
            "Votre demande de titre de séjour n° %(numero)s a été clôturée : elle est "
            "considérée comme incomplète et l'administration n'est pas en mesure de prendre une "
            "décision d'acceptation ou de refus.\n\nMotif : %(motif)s"
        ),
    ),
    "titre_disponible": Modele(
        TypeNotification.TITRE_DISPONIBLE,
        _("Titre de séjour disponible"),
        _(
            "Votre titre de séjour est disponible à la %(prefecture)s. Présentez-vous muni(e) "
            "de votre titre précédent et d'un timbre fiscal électronique de %(montant)s € "
            "(un numéro à 16 chiffres ; les timbres fiscaux papiers ne sont pas acceptés), "
            "acheté dans un bureau de tabac, un centre des impôts ou sur le site internet "
            "www.timbres-impots.gouv.fr."
        ),
        canaux=frozenset({SITE, COURRIEL, SMS}),
        # The card is collected at the prefecture, with an electronic tax stamp.
        sms=_(
            "Bonjour %(prenom)s, votre titre de séjour est disponible à la %(prefecture)s. "
            "Présentez-vous muni(e) de votre titre précédent et d'un timbre fiscal électronique "
            "de %(montant)s € (16 chiffres), acheté dans un bureau de tabac, un centre des "
            "impôts ou sur www.timbres-impots.gouv.fr."
        ),
    ),
    # Reminders of a complement request (instruction.echeances): unread after 7 days, 7 days
    # before the 30-day delay ends.
    "rappel_complement_non_lu": Modele(
        TypeNotification.RAPPEL_COMPLEMENT,
        _("Rappel : demande de complément"),
        _(
            "Une demande de complément concernant votre demande de titre de séjour "
            "n° %(numero)s vous attend depuis le %(date)s dans votre espace personnel. Le délai "
            "de 30 jours pour y répondre commence lorsque vous en prenez connaissance."
        ),
        url_detail=URL_COMPLEMENT,
    ),
    "rappel_complement_echeance": Modele(
        TypeNotification.RAPPEL_COMPLEMENT,
        _("Rappel : demande de complément"),
        _(
            "Vous n'avez pas encore répondu à la demande de complément concernant votre demande "
            "de titre de séjour n° %(numero)s. Sans réponse avant le %(date)s, votre demande "
            "sera considérée comme incomplète et clôturée."
        ),
        url_detail=URL_COMPLEMENT,
    ),
}

URL_DETAIL: dict[str, str] = {m.type: m.url_detail for m in MODELES.values()}


def modele(nom: str) -> Modele:
    return MODELES[nom]
