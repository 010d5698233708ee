import datetime

import factory
from django.utils import timezone

from demandes.models import Demande, EtatDemande
from tests.accounts.factories import (
    DepartementFactory,
    DocumentSejourFactory,
    PrefectureFactory,
    UserFactory,
)


def document_a_renouveler(**kwargs):
    """A titre de séjour ending in 3 months: inside the deposit window."""
    fin = timezone.localdate() + datetime.timedelta(days=90)
    return DocumentSejourFactory(
        date_debut_validite=fin - datetime.timedelta(days=364), date_fin_validite=fin, **kwargs
    )


class DemandeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demande

    usager = factory.LazyAttribute(
        lambda o: UserFactory(document=document_a_renouveler(motif="Etudiant"))
    )
    document_actuel = factory.LazyAttribute(lambda o: o.usager.document)
    motif = "etudiant"
    renouvellement = True
    type_demande = "Demande de renouvellement du titre 'Étudiant'"

    class Params:
        deposee = factory.Trait(
            etat=EtatDemande.DEPOSEE,
            numero=factory.Sequence(lambda n: f"590120260101{n:07d}"),
            deposee_le=factory.LazyFunction(timezone.now),
            prefecture=factory.SubFactory(PrefectureFactory),
        )
        bpi = factory.Trait(
            motif="bpi",
            type_demande=(
                "Demande de renouvellement du titre 'Bénéficiaire de la protection internationale'"
            ),
            usager=factory.LazyAttribute(
                lambda o: UserFactory(document=document_a_renouveler(motif="BPS"))
            ),
        )
        ase = factory.Trait(
            motif="vpf_ase",
            type_demande="Demande de renouvellement du titre 'Vie privée et familiale'",
            usager=factory.LazyAttribute(
                lambda o: UserFactory(
                    document=document_a_renouveler(
                        motif="MNA placé avant 16 ans",
                        mention="VIE PRIVÉE ET FAMILIALE",
                        date_naissance=timezone.localdate().replace(
                            year=timezone.localdate().year - 19
                        ),
                    )
                )
            ),
        )


def prefecture_du_nord():
    return DepartementFactory(
        code="59", nom="Nord", prefecture__code="59", prefecture__nom="Préfecture du Nord"
    )
