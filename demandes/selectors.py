from demandes.models import ETATS_EN_COURS, Demande, EtatDemande


def demandes_en_cours(usager):
    return Demande.objects.filter(usager=usager).exclude(etat=EtatDemande.CLOTUREE)


def brouillon_de(usager) -> Demande | None:
    return Demande.objects.filter(usager=usager, etat=EtatDemande.BROUILLON).first()


def demande_de(usager, pk: int) -> Demande:
    """The applicant's own request (404 for anyone else's)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Demande.objects.select_related("document_actuel", "usager"), pk=pk, usager=usager
    )


def demande_en_cours_pour(*, document, motif_code: str) -> Demande | None:
    """The pending request (draft, deposited or under instruction) filed for this current
    document and motif, if any: the one that blocks filing it again."""
    if document is None:
        return None
    return Demande.objects.filter(
        document_actuel=document, motif=motif_code, etat__in=ETATS_EN_COURS
    ).first()
