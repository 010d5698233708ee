import datetime

import factory
from django.utils import timezone

from justificatifs.models import EPhoto
from tests.demandes import factories as demandes_factories


class EPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EPhoto

    code = factory.Sequence(lambda n: f"1PMTEK{n:014d}AA")
    prise_le = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))


# Aliases kept for branches in flight: use tests.demandes.factories.DemandeFactory.
DemandeFactory = demandes_factories.DemandeFactory
