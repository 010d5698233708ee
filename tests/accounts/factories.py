import datetime

import factory
from django.utils import timezone

from accounts.models import Departement, DocumentSejour, NatureDocument, Prefecture, User

PASSWORD = "Motdepasse#2026"


class PrefectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prefecture
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{10 + n % 80:02d}")
    nom = factory.LazyAttribute(lambda o: f"Préfecture {o.code}")
    ville = "Lille"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{10 + n % 80:02d}")
    nom = factory.LazyAttribute(lambda o: f"Département {o.code}")
    prefecture = factory.SubFactory(PrefectureFactory)


class DocumentSejourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentSejour

    numero = factory.Sequence(lambda n: f"75{n:08d}")
    nature = NatureDocument.TITRE_SEJOUR
    numero_etranger = factory.Sequence(lambda n: f"59{n:08d}")
    nom_naissance = "DUPONT"
    prenoms = "Amina"
    sexe = "F"
    date_naissance = datetime.date(2001, 4, 12)
    pays_naissance = "MA"
    lieu_naissance = "Rabat"
    nationalite = "MA"
    type_titre = "Carte de séjour temporaire"
    motif = "Etudiant"
    mention = "ETUDIANT- ÉLÈVE"
    date_debut_validite = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=250)
    )
    date_fin_validite = factory.LazyAttribute(
        lambda o: o.date_debut_validite + datetime.timedelta(days=364)
    )
    prefecture = factory.SubFactory(PrefectureFactory)

    class Params:
        visa = factory.Trait(
            nature=NatureDocument.VISA,
            numero_etranger="",
            type_titre="",
            motif="Etudiant",
            mention="",
        )
        vls_ts = factory.Trait(nature=NatureDocument.VLS_TS, type_titre="VLS-TS")


class UserFactory(factory.django.DjangoModelFactory):
    """An applicant whose account was created from a registry document."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentSejourFactory)
    numero_etranger = factory.LazyAttribute(
        lambda o: (o.document.numero_etranger or None) if o.document else None
    )
    identifiant = factory.LazyAttribute(lambda o: o.numero_etranger or o.email)
    email = factory.Sequence(lambda n: f"usager{n}@exemple.fr")
    nom = factory.LazyAttribute(lambda o: o.document.nom_naissance if o.document else "MARTIN")
    prenom = factory.LazyAttribute(lambda o: o.document.prenoms if o.document else "Claire")
    password = factory.django.Password(PASSWORD)

    class Params:
        agent = factory.Trait(
            document=None,
            numero_etranger=None,
            is_staff=True,
            identifiant=factory.Sequence(lambda n: f"agent{n}"),
            prefecture=factory.SubFactory(PrefectureFactory),
        )
