from demandes.models import Demande, EtatDemande


def demandes_en_cours(usager):
    return Demande.objects.filter(usager=usager).exclude(etat=EtatDemande.CLOTUREE)
