from datetime import date

from django.db.models import Q
from django.db.models.functions import Lower

from accounts.models import DocumentSejour, NatureDocument, User


def document_correspondant(*, numero: str, debut: date, fin: date) -> DocumentSejour | None:
    """The registry entry whose number and both validity dates match, or None."""
    return DocumentSejour.objects.filter(
        numero=numero.strip(), date_debut_validite=debut, date_fin_validite=fin
    ).first()


def document_deja_rattache(document: DocumentSejour) -> bool:
    condition = Q(document=document)
    if document.numero_etranger:
        condition |= Q(numero_etranger=document.numero_etranger)
    return User.objects.filter(condition).exists()


def documents_du_titulaire(user: User):
    """The holder's documents in the registry, newest first."""
    condition = Q(pk=user.document_id) if user.document_id else Q(pk__in=[])
    if user.numero_etranger:
        # A visa-only holder's visa keeps no N° étranger: it stays in their history too.
        condition |= Q(numero_etranger=user.numero_etranger)
    return DocumentSejour.objects.filter(condition)


def statut_actuel(user: User) -> DocumentSejour | None:
    """Last title obtained (titre de séjour or VLS-TS), or the visa for a visa-only holder."""
    return statut_parmi(list(documents_du_titulaire(user)))


def statut_parmi(documents: list[DocumentSejour]) -> DocumentSejour | None:
    """The same, from the holder's documents already fetched (no query)."""
    documents = sorted(documents, key=lambda d: d.date_fin_validite, reverse=True)
    titres = [d for d in documents if d.nature != NatureDocument.VISA]
    return (titres or documents or [None])[0]


def email_deja_utilise(email: str, *, sauf: User | None = None) -> bool:
    """Whether another account has this address, whatever its case."""
    # Lower() as in the unique constraint, so its index answers.
    comptes = User.objects.annotate(email_min=Lower("email")).filter(
        email_min=email.strip().lower()
    )
    if sauf is not None:
        comptes = comptes.exclude(pk=sauf.pk)
    return comptes.exists()
