from demandes.models import ETATS_EN_COURS, Demande, EtatDemande


def demandes_de(usager):
    """Every request of the applicant, newest first (Mon compte: those in progress and the
    history of the previous ones)."""
    return Demande.objects.filter(usager=usager).order_by("-cree_le", "-pk")


def brouillon_de(usager) -> Demande | None:
    return Demande.objects.filter(usager=usager, etat=EtatDemande.BROUILLON).first()


def demande_de(usager, pk: int) -> Demande | None:
    """The applicant's own request; None for anyone else's (the view answers 404)."""
    demande = Demande.objects.select_related("document_actuel").filter(pk=pk, usager=usager).first()
    if demande is not None:
        # The filter makes it this user: the request's own object, rather than a second copy
        # read in the same query (its telephone number parsed again on every wizard page).
        demande.usager = usager
    return demande


def telephone_a_proposer(usager, demandes, *, ignores=()) -> str | None:
    """The mobile number typed at step 1 of a request (E.164) when it differs from the profile's:
    offered to the profile, never copied into it without asking."""
    profil = usager.telephone.as_e164 if usager.telephone else ""
    for demande in sorted(demandes, key=lambda d: d.pk, reverse=True):
        numero = ((demande.saisie or {}).get("personnel") or {}).get("telephone") or ""
        if numero and numero != profil and numero not in ignores:
            return numero
    return None


def demande_en_cours_pour(*, document, motif_code: str) -> Demande | None:
    """The pending request (draft, deposited or under instruction) filed for this current
    document and motif, if any: the one that blocks filing it again."""
    if document is None:
        return None
    return Demande.objects.filter(
        document_actuel=document, motif=motif_code, etat__in=ETATS_EN_COURS
    ).first()
