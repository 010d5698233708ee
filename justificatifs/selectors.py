"""Reads of the justificatifs: files by item, the e-photo of a request, who may see a file."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from justificatifs.models import EPhoto, Fichier


def fichiers_par_piece(demande) -> dict[str, list[Fichier]]:
    """The request's files grouped by item code, oldest first (one query)."""
    groupes: dict[str, list[Fichier]] = defaultdict(list)
    for fichier in Fichier.objects.filter(demande=demande).order_by("depose_le", "pk"):
        groupes[fichier.piece].append(fichier)
    return dict(groupes)


def pieces_manquantes(demande, *, obligatoires: Iterable[str]) -> list[str]:
    """The codes of the required items that have no file yet, in the order given."""
    presentes = set(
        Fichier.objects.filter(demande=demande).values_list("piece", flat=True).distinct()
    )
    return [code for code in obligatoires if code not in presentes]


def ephoto_de(demande) -> EPhoto | None:
    return EPhoto.objects.filter(demande=demande).first()


def fichiers_accessibles(user) -> QuerySet[Fichier]:
    """The files `user` may download from the applicant's side: those of their own requests.

    Agents open the files of their prefecture's deposited requests from the back office
    (justificatifs.admin.FichierAdmin, scoped by anef.back_office.perimetre)."""
    if not user.is_authenticated:
        return Fichier.objects.none()
    return Fichier.objects.filter(demande__usager=user)


def fichier_accessible(user, pk: int) -> Fichier | None:
    return fichiers_accessibles(user).select_related("demande").filter(pk=pk).first()
