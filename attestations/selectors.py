"""Reads of the attestations app (other apps reach attestations through these)."""

from django.db.models import Max, OuterRef, Subquery

from anef.back_office import est_agent, peut_entrer, verifie
from attestations.models import Attestation


def attestations_de(demande) -> list[Attestation]:
    """The current (latest) version of each attestation type of a request, oldest type first."""
    if demande is None:
        return []
    return attestations_par_demande([demande]).get(demande.pk, [])


def attestations_par_demande(demandes) -> dict[int, list[Attestation]]:
    """`attestations_de` of several requests in one query (a page listing requests costs the
    same whatever their number), by request primary key; only deposited requests have any."""
    pks = [d.pk for d in demandes if d.pk is not None and d.numero is not None]
    if not pks:
        return {}
    derniere = (
        Attestation.objects.filter(demande=OuterRef("demande"), type=OuterRef("type"))
        .values("type")
        .annotate(v=Max("version"))
        .values("v")
    )
    par_demande: dict[int, list[Attestation]] = {pk: [] for pk in pks}
    for attestation in (
        Attestation.objects.filter(demande_id__in=pks)
        .filter(version=Subquery(derniere))
        .order_by("cree_le", "pk")
    ):
        par_demande[attestation.demande_id].append(attestation)
    return par_demande


def generation_en_cours(attestations: list[Attestation]) -> bool:
    """Whether the documents of a deposited request are still being produced: none created yet
    (the worker's task has not run: a deposit always gets its confirmation) or one not
    rendered yet."""
    return not attestations or any(not a.disponible for a in attestations)


def attestation_accessible(user, pk: int) -> Attestation | None:
    """The attestation if `user` may download it: its applicant; an agent who reads requests
    (a role with `attestations.view_attestation`: not the administrateur local, who manages
    agents only) of the prefecture competent for the request; a national administrator. Agents
    and administrators need a session verified by the second factor, as the back office asks.
    None for everyone else (the view answers 404)."""
    if not user.is_authenticated:
        return None
    attestation = Attestation.objects.select_related("demande").filter(pk=pk).first()
    if attestation is None:
        return None
    demande = attestation.demande
    if demande.usager_id == user.pk:
        return attestation
    if not (peut_entrer(user) and verifie(user)):
        return None
    if user.is_superuser:
        return attestation
    if (
        est_agent(user)
        and user.prefecture_id == demande.prefecture_id
        and user.has_perm("attestations.view_attestation")
    ):
        return attestation
    return None


def contenu(attestation: Attestation) -> bytes:
    with attestation.fichier.open("rb") as fichier:
        return fichier.read()


def pieces_jointes(pks) -> list[tuple[str, bytes, str]] | None:
    """(file name, bytes, media type) of the given attestations, for an e-mail; None while one
    of them is not rendered yet (the mail waits for it)."""
    attestations = list(Attestation.objects.filter(pk__in=list(pks)).order_by("pk"))
    if any(not a.disponible for a in attestations):
        return None
    return [(a.nom_fichier, contenu(a), "application/pdf") for a in attestations]
