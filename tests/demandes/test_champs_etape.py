"""Issue 13: a step form's sections and fields, written by demandes_tags.champs_etape."""

import re

import pytest
from django.template import engines

from demandes import wizard
from tests.demandes.factories import DemandeFactory


def champs(form) -> str:
    return (
        engines["django"]
        .from_string("{% include 'demandes/etapes/_champs.html' %}")
        .render({"form": form})
    )


def formulaire(demande, code, donnees=None):
    motif = wizard.motif_de(demande)
    return motif.etape(code).form(
        donnees, initial={}, saisie=wizard.saisie_de(demande), motif=motif, demande=demande
    )


@pytest.mark.django_db
def test_each_section_holds_its_fields_in_order_each_in_its_group():
    form = formulaire(DemandeFactory(), "motif")
    html = champs(form)
    sections = re.findall(r'<section class="fr-mb-4w">(.*?)</section>', html, re.S)
    assert len(sections) == len(form.get_sections()) == 2
    for (titre, groupe), section in zip(form.get_sections(), sections, strict=True):
        assert section.strip().startswith(f'<h2 class="fr-h4">{titre}</h2>')
        blocs = section.split('<div class="anef-champ"')[1:]
        assert len(blocs) == len(groupe)
        for champ, bloc in zip(groupe, blocs, strict=True):
            assert f'name="{champ.html_name}"' in bloc
            assert bloc.count("<label") + bloc.count("<legend") == 1 + len(champ.subwidgets) * (
                champ.widget_type == "radioselect"
            )
    # The year N-1 questions show only for « Oui » to the first one (anef.js), not it.
    assert html.count('data-visible-si="n1_etudiant_en_france=oui"') == 7
    premier = html.index('id="radio-id_n1_etudiant_en_france"')
    assert (
        "data-visible-si" not in html[html.rindex('<div class="anef-champ"', 0, premier) : premier]
    )


@pytest.mark.django_db
def test_a_field_needing_javascript_is_hidden_and_a_hidden_field_stays_an_input():
    form = formulaire(DemandeFactory(), "personnel")
    html = champs(form)
    recherche = html.index('id="id_adresse_recherche"')
    bloc = html[html.rindex('<div class="anef-champ"', 0, recherche) : recherche]
    assert bloc.startswith('<div class="anef-champ" data-avec-js hidden>')
    assert html.count("data-avec-js hidden") == 1
    form.fields["voie"].widget = form.fields["voie"].hidden_widget()
    html = champs(form)
    assert re.search(r'<div class="anef-champ">\n<input type="hidden" name="voie"', html)
    assert 'for="id_voie"' not in html
