"""The instruction's schedules, run by the beat (`instruction.tasks.echeances_traiter`) and by
`manage.py run_deadlines` for ops — both call `echeances_traiter`.

- A complement opened more than 30 days ago and still unanswered: the request is closed by the
  service (`instruction.services.demande_cloturer(par=None)`, its notification included).
- A complement not opened 7 days after it was asked: a reminder.
- A complement opened but unanswered 7 days before its due date: a reminder.

Due work is found in the database on each run, never planned ahead. Running twice, or two
beat processes at once, changes nothing more: a closure locks the request's row
(`skip_locked`: a row another run holds is left to it) and checks the state again; a reminder
locks the complement's row and is keyed (`Notification.cle`, `Courriel.cle`), one per complement
and kind.

Requests whose title ends within 30 days without an ADP are not a schedule: the queue's filter
« ADP à délivrer » (`selectors.adp_a_delivrer`) reads them live.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from demandes.etats import EtatDemande
from demandes.models import Demande
from instruction import services
from instruction.models import DELAI_REPONSE, Complement, StatutComplement
from notifications import services as notifications
from notifications.models import Notification

logger = logging.getLogger(__name__)

RAPPEL_NON_LU_APRES = datetime.timedelta(days=7)
RAPPEL_AVANT_ECHEANCE = datetime.timedelta(days=7)
PAR_PASSAGE = 500
MOTIF_CLOTURE = gettext_noop("Demande non complétée dans un délai de 30 jours")


@dataclass
class Bilan:
    clotures: int = 0
    rappels_non_lus: int = 0
    rappels_echeance: int = 0


def echeances_traiter(*, maintenant: datetime.datetime | None = None) -> Bilan:
    maintenant = maintenant or timezone.now()
    return Bilan(
        clotures=complements_expires_cloturer(maintenant=maintenant),
        rappels_non_lus=rappels_non_lus_envoyer(maintenant=maintenant),
        rappels_echeance=rappels_echeance_envoyer(maintenant=maintenant),
    )


def complements_expires_cloturer(*, maintenant: datetime.datetime) -> int:
    pks = list(
        Complement.objects.filter(
            statut=StatutComplement.EN_ATTENTE, accuse_le__lt=maintenant - DELAI_REPONSE
        )
        .order_by("accuse_le", "pk")
        .values_list("demande_id", flat=True)[:PAR_PASSAGE]
    )
    n = 0
    for demande_pk in pks:
        with transaction.atomic():
            # The request's row first, as an answer locks it: the two never deadlock.
            demande = (
                Demande.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=demande_pk, etat=EtatDemande.COMPLEMENT_DEMANDE)
                .first()
            )
            if demande is None:
                continue
            encore_du = Complement.objects.filter(
                demande=demande,
                statut=StatutComplement.EN_ATTENTE,
                accuse_le__lt=maintenant - DELAI_REPONSE,
            ).exists()
            if not encore_du:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                motif = _(MOTIF_CLOTURE)
            services.demande_cloturer(demande=demande, motif=motif, par=None)
            n += 1
    return n


def rappels_non_lus_envoyer(*, maintenant: datetime.datetime) -> int:
    a_rappeler = Complement.objects.filter(
        statut=StatutComplement.EN_ATTENTE,
        accuse_le__isnull=True,
        demande_le__lte=maintenant - RAPPEL_NON_LU_APRES,
    )
    return _rappeler(a_rappeler, "non-lu", lambda c: c.demande_le)


def rappels_echeance_envoyer(*, maintenant: datetime.datetime) -> int:
    a_rappeler = Complement.objects.filter(
        statut=StatutComplement.EN_ATTENTE,
        accuse_le__lte=maintenant - (DELAI_REPONSE - RAPPEL_AVANT_ECHEANCE),
        accuse_le__gte=maintenant - DELAI_REPONSE,
    )
    return _rappeler(a_rappeler, "echeance", lambda c: c.echeance)


def _rappeler(queryset, sorte: str, date_du_texte) -> int:
    """One reminder per complement and kind: the notification of the registry's entry
    `rappel_complement_<sorte>` (its e-mail with it), keyed `rappel-complement-<sorte>:<pk>`."""
    cles = {f"rappel-complement-{sorte}:{pk}": pk for pk in queryset.values_list("pk", flat=True)}
    deja = set(Notification.objects.filter(cle__in=list(cles)).values_list("cle", flat=True))
    n = 0
    for cle, pk in list(cles.items())[:PAR_PASSAGE]:
        if cle in deja:
            continue
        with transaction.atomic():
            complement = (
                Complement.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("demande__usager")
                .filter(pk=pk, statut=StatutComplement.EN_ATTENTE)
                .first()
            )
            if complement is None or Notification.objects.filter(cle=cle).exists():
                continue
            notifications.notifier(
                demande=complement.demande,
                modele=f"rappel_complement_{sorte.replace('-', '_')}",
                cle=cle,
                contexte={
                    "date": formats.date_format(
                        timezone.localtime(date_du_texte(complement)), "d/m/Y"
                    )
                },
            )
            n += 1
    return n
