import datetime

import factory
from django.utils import timezone

from demandes.models import Demande
from justificatifs.models import EPhoto
from tests.accounts.factories import UserFactory


class DemandeFactory(factory.django.DjangoModelFactory):
    """A draft request (minimal: enough for the justificatifs)."""

    class Meta:
        model = Demande

    usager = factory.SubFactory(UserFactory)
    motif = "etudiant"
    type_demande = "Demande de titre de séjour étudiant"


class EPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EPhoto

    code = factory.Sequence(lambda n: f"1PMTEK{n:014d}AA")
    prise_le = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
