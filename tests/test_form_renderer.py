"""Issue 13: the form renderer writes the form templates in Python — Django's leaf widgets,
django-dsfr's radio option and error list, the project's DSFR field groups — byte for byte."""

import datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.test import override_settings
from django.utils.safestring import mark_safe

from anef.form_renderer import STANDS_IN_FOR, FastWidgetsTemplatesSetting
from anef.forms import AnefForm
from demandes import wizard
from demandes.catalogue.types import NatureEtape
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory

GROUPES = [
    ("", "---------"),
    ("Europe", [("fr", "France"), ("be", "Belgique <&> « Wallonie »")]),
    ("ma", "Maroc"),
    (3, 1234567),
]


class Tout(forms.Form):
    texte = forms.CharField(
        widget=forms.TextInput(attrs={"placeholder": 'a "b" <c>', "data-x": True, "off": False})
    )
    courriel = forms.EmailField()
    nombre = forms.IntegerField()
    cache = forms.CharField(widget=forms.HiddenInput)
    case = forms.BooleanField(required=False)
    jour = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    mot_de_passe = forms.CharField(widget=forms.PasswordInput(render_value=True))
    liste = forms.ChoiceField(choices=GROUPES)
    plusieurs = forms.MultipleChoiceField(choices=GROUPES)
    oui_non = forms.NullBooleanField()
    fichier = forms.FileField(required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    # django-dsfr's marker, which the project's attrs.html leaves out (RGAA 8.2).
    marque = forms.CharField(widget=forms.TextInput(attrs={"dsfr": "dsfr"}))


VALEURS = {
    "texte": 'l\'<école> & "co"',
    "courriel": "a@b.fr",
    "nombre": "12",
    "cache": mark_safe("<sûr>"),
    "case": "on",
    "jour": datetime.date(2026, 1, 2),
    "mot_de_passe": "x<y",
    "liste": "be",
    "plusieurs": ["fr", "3"],
    "oui_non": "true",
}


def rendu(form_class, renderer, **kwargs):
    form = form_class(renderer=renderer, **kwargs)
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize("kwargs", [{}, {"data": VALEURS}, {"initial": VALEURS}])
def test_every_widget_is_written_as_django_templates_write_it(kwargs):
    attendu = rendu(Tout, TemplatesSetting(), **kwargs)
    obtenu = rendu(Tout, FastWidgetsTemplatesSetting(), **kwargs)
    assert obtenu == attendu
    assert "<option" in obtenu["liste"] and "<optgroup" in obtenu["liste"]
    assert "dsfr" not in obtenu["marque"]


class Groupes(AnefForm):
    """Every kind of DSFR field group the project's forms use, with what changes their markup:
    hints (HTML kept), disabled fields, optional fields and follow-up questions marked « * »."""

    texte = forms.CharField(label="Nom <d'usage>", help_text="Aide <b>en gras</b> & co")
    facultatif = forms.CharField(label="Complément", required=False, max_length=5)
    courriel = forms.EmailField(label="Courriel")
    montant = forms.DecimalField(label="Montant", disabled=True, required=False)
    liste = forms.ChoiceField(label="Pays", choices=GROUPES, help_text="Choisissez")
    observations = forms.CharField(label="Observations", widget=forms.Textarea, required=False)
    oui_non = forms.ChoiceField(
        label="Êtes-vous « étudiant » ?",
        choices=[("oui", "Oui"), ("non", "Non <jamais>")],
        widget=forms.RadioSelect,
        help_text="Une réponse",
    )
    suite = forms.ChoiceField(
        label="Année",
        choices=[("a", "Validée"), ("b", "Non validée")],
        widget=forms.RadioSelect,
        required=False,
    )
    accord = forms.BooleanField(label="J'accepte <tout>", help_text="Obligatoire")
    option = forms.BooleanField(label="Une option", required=False)
    cache = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suite"].obligatoire_si_affiche = True
        self.fields["oui_non"].widget.inline = True

    def clean(self):
        cleaned = super().clean()
        self.add_error(None, "Une erreur de formulaire")
        return cleaned


PARTIEL = {"texte": "<x>", "facultatif": "beaucoup trop long", "oui_non": "oui", "option": "on"}


def groupes(renderer, **kwargs) -> dict:
    form = Groupes(renderer=renderer, **kwargs)
    rendus = {name: form[name].as_field_group() for name in form.fields}
    rendus["form"] = form.render()
    rendus["non_field_errors"] = str(form.non_field_errors())
    return rendus


@pytest.mark.parametrize("kwargs", [{}, {"data": {}}, {"data": PARTIEL}, {"initial": PARTIEL}])
def test_every_field_group_is_written_as_its_template_writes_it(kwargs):
    attendu = groupes(TemplatesSetting(), **kwargs)
    assert groupes(FastWidgetsTemplatesSetting(), **kwargs) == attendu
    if kwargs.get("data") == {}:
        # What the writing must keep: the errors tied to their fields (RGAA 11.10).
        assert 'aria-describedby="id_texte-desc-error"' in attendu["texte"]
        assert '<div id="id_texte-desc-error">' in attendu["texte"]
        assert 'aria-labelledby="id_oui_non-legend id_oui_non-desc-error"' in attendu["oui_non"]
        assert 'class="fr-messages-group" id="id_oui_non-desc-error"' in attendu["oui_non"]
        assert '<li class="fr-error-text">' in attendu["accord"]


def test_the_production_renderer_writes_every_template_in_python():
    renderer = get_default_renderer()
    assert isinstance(renderer, FastWidgetsTemplatesSetting)
    # Failing here: a template of anef.form_renderer.SOURCES changed. Bring its Python writing
    # (anef.widget_html, anef.field_groups) up to date, then its digest (source_digests()).
    assert renderer.written_in_python == set(STANDS_IN_FOR)


def test_an_edited_template_is_rendered_by_the_engine(tmp_path, settings):
    snippet = tmp_path / "dsfr" / "form_field_snippets" / "input_snippet.html"
    snippet.parent.mkdir(parents=True)
    snippet.write_text('<div class="edite">{{ field.label }} {{ field }}</div>')
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    with override_settings(TEMPLATES=templates):
        renderer = FastWidgetsTemplatesSetting()
        html = Groupes(renderer=renderer)["texte"].as_field_group()
    assert html.startswith('<div class="edite">Nom &lt;d&#x27;usage&gt; <input type="text"')
    assert "dsfr/form_field_snippets/input_snippet.html" not in renderer.written_in_python
    assert "dsfr/form_field_snippets/radioselect_snippet.html" in renderer.written_in_python


def _formulaires(demande):
    """Every form step of the draft's motif."""
    motif = wizard.motif_de(demande)
    return [etape for etape in motif.etapes if etape.nature == NatureEtape.FORMULAIRE]


DONNEES = {
    "personnel": parcours.PERSONNEL,
    "motif": parcours.MOTIF_ETUDIANT,
    "ressources": parcours.ressources(("boursier", 700), ("", "x")),
}


@pytest.mark.django_db
@pytest.mark.parametrize("motif", ["etudiant", "bpi", "vpf_ase"])
@pytest.mark.parametrize("cas", ["vierge", "vide", "rempli"])
def test_every_step_form_renders_the_same(motif, cas):
    demande = DemandeFactory(motif=motif)
    etapes = _formulaires(demande)
    assert etapes
    for etape in etapes:
        donnees = {"vierge": None, "vide": {}, "rempli": DONNEES.get(etape.code, {})}[cas]

        def html(renderer, etape=etape, donnees=donnees):
            form = etape.form(
                donnees,
                initial={},
                saisie=wizard.saisie_de(demande),
                motif=wizard.motif_de(demande),
                demande=demande,
            )
            form.renderer = renderer
            return form.render(), [champ.as_field_group() for champ in form]

        assert html(FastWidgetsTemplatesSetting()) == html(TemplatesSetting()), etape.code
