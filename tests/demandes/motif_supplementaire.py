"""A small extra motif registered only by the test settings (ANEF_MOTIFS_SUPPLEMENTAIRES):
proves that adding a motif is one catalogue entry, with no view change."""

from django import forms

from demandes.catalogue import communs
from demandes.catalogue.types import Attestation, Etape, Motif
from demandes.forms.attestations import AttestationsMixin
from demandes.forms.base import EtapeForm
from demandes.forms.personnel import PersonnelForm


class MotifVisiteurForm(AttestationsMixin, EtapeForm):
    ressources_suffisantes = forms.ChoiceField(
        label="Disposez-vous de ressources suffisantes ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ajouter_attestations()


MOTIF = Motif(
    code="visiteur",
    choix="visiteur",
    libelle="En tant que visiteur",
    titre_demarche="Demander un titre de séjour « visiteur »",
    type_demande="Demande de titre de séjour 'Visiteur'",
    type_demande_renouvellement="Demande de renouvellement du titre 'Visiteur'",
    public=("Ce site vous permet de demander un titre de séjour visiteur :", "sans travailler."),
    legendes_etapes=("Identité.", "Projet.", "Documents.", "Dépôt.", "Confirmation."),
    etapes=(
        communs.etape_personnel(PersonnelForm),
        Etape(
            code="motif",
            titre="Motif de séjour",
            intitule="Je renseigne mon motif de séjour",
            form=MotifVisiteurForm,
            template="demandes/etapes/motif_attestations.html",
        ),
        communs.ETAPE_JUSTIFICATIFS,
        communs.etape_recapitulatif("Dépôt de la demande"),
        communs.ETAPE_CONFIRMATION,
    ),
    attestations=(Attestation("ne_pas_travailler", "Ne pas exercer d'activité professionnelle."),),
    pieces=(communs.piece_domicile(),),
)
