import datetime

import factory
from django.utils import timezone

from demandes.models import (
    ETATS_DECIDES,
    ETATS_FAVORABLES,
    Demande,
    EtatDemande,
    SensDecision,
)
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


def _il_y_a_19_ans() -> datetime.date:
    aujourdhui = timezone.localdate()
    return aujourdhui.replace(year=aujourdhui.year - 19, day=min(aujourdhui.day, 28))


# Per motif of the catalogue: the applicant's document in the registry and the request's type.
MOTIFS = {
    "etudiant": (
        lambda: {"motif": "Etudiant"},
        "Demande de renouvellement du titre 'Étudiant'",
    ),
    "bpi": (
        lambda: {"motif": "BPS"},
        "Demande de renouvellement du titre 'Bénéficiaire de la protection internationale'",
    ),
    "vpf_ase": (
        lambda: {
            "motif": "MNA placé avant 16 ans",
            "mention": "VIE PRIVÉE ET FAMILIALE",
            "date_naissance": _il_y_a_19_ans(),
        },
        "Demande de renouvellement du titre 'Vie privée et familiale'",
    ),
}

# Step 1 answers of a deposited request: an address in Lille (Préfecture du Nord).
PERSONNEL = {
    "nom_usage": "",
    "numero_voie": "20",
    "voie": "Rue Nationale",
    "complement": "",
    "code_postal": "59000",
    "ville": "Lille",
}


def _document(motif: str):
    document, _type = MOTIFS.get(motif, (lambda: {"motif": motif}, ""))
    return document_a_renouveler(**document())


def _type_demande(motif: str) -> str:
    return MOTIFS.get(motif, (None, f"Demande de renouvellement du titre '{motif}'"))[1]


class DemandeFactory(factory.django.DjangoModelFactory):
    """A renewal request of an applicant whose titre de séjour ends in 3 months (inside the
    deposit window): a draft by default.

    `motif=` ("etudiant", "bpi", "vpf_ase") picks the applicant's registry document and the
    request's type (`bpi=True` and `ase=True` are shortcuts); `deposee=True` deposits it on
    `depot` (today by default): number, date, Préfecture du Nord, a Lille address at step 1.
    `deposee=True, etat=<any later state>` gives the decision fields that state requires (the
    services of `instruction` are what moves real requests; this only builds rows).
    """

    class Meta:
        model = Demande

    class Params:
        depot = factory.LazyFunction(timezone.localdate)
        bpi = factory.Trait(motif="bpi")
        ase = factory.Trait(motif="vpf_ase")
        deposee = factory.Trait(
            etat=EtatDemande.DEPOSEE,
            numero=factory.LazyAttributeSequence(lambda o, n: f"5901{o.depot:%Y%m%d}{n:07d}"),
            deposee_le=factory.LazyAttribute(
                lambda o: timezone.make_aware(
                    datetime.datetime.combine(o.depot, datetime.time(10, 30))
                )
            ),
            prefecture=factory.LazyFunction(
                lambda: PrefectureFactory(code="59", nom="Préfecture du Nord", ville="Lille")
            ),
            saisie=factory.LazyFunction(lambda: {"personnel": dict(PERSONNEL)}),
        )

    motif = "etudiant"
    decision = factory.LazyAttribute(
        lambda o: (
            SensDecision.FAVORABLE
            if o.etat in ETATS_FAVORABLES
            else SensDecision.DEFAVORABLE
            if o.etat == EtatDemande.DECISION_DEFAVORABLE
            else ""
        )
    )
    decision_le = factory.LazyAttribute(
        lambda o: timezone.now() if o.etat in ETATS_DECIDES else None
    )
    usager = factory.LazyAttribute(lambda o: UserFactory(document=_document(o.motif)))
    document_actuel = factory.LazyAttribute(lambda o: o.usager.document)
    renouvellement = True
    type_demande = factory.LazyAttribute(lambda o: _type_demande(o.motif))


def prefecture_du_nord():
    return DepartementFactory(
        code="59", nom="Nord", prefecture__code="59", prefecture__nom="Préfecture du Nord"
    )
