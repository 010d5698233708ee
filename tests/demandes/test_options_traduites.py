"""Issue 13: the wizard's option lists are translated once per language, not at each display."""

from django.utils import translation

from demandes.catalogue.options import DISCIPLINES, TYPES_ETABLISSEMENT, traduites
from demandes.forms.etudiant import MotifEtudiantForm, RessourceForm


def test_a_list_is_translated_once_per_language():
    with translation.override("fr"):
        francais = traduites(TYPES_ETABLISSEMENT)
        assert traduites(TYPES_ETABLISSEMENT) is francais
        assert francais[0] == ("universite", "Université")
        assert all(type(libelle) is str for _valeur, libelle in francais)
    with translation.override("en"):
        assert traduites(TYPES_ETABLISSEMENT)[0] == ("universite", "University")
    assert [valeur for valeur, _libelle in francais] == [v for v, _l in TYPES_ETABLISSEMENT]
    assert traduites(DISCIPLINES) is not francais


def test_the_forms_show_the_options_in_the_language_of_the_request():
    with translation.override("en"):
        motif = MotifEtudiantForm()
        ressource = RessourceForm()
        assert ">University</option>" in str(motif["n_type_etablissement"])
        assert "Passed" in str(motif["n1_resultat"])
        assert ">Scholarship holder</option>" in str(ressource["origine"])
    with translation.override("fr"):
        assert ">Université</option>" in str(MotifEtudiantForm()["n_type_etablissement"])
        assert ">Boursier</option>" in str(RessourceForm()["origine"])
