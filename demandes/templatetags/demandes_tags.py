from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from anef.nationalites import nationalite_adjectif

register = template.Library()


@register.filter
def condition_de(form, name):
    """(parent field, value) when the field shows only for that answer, else None."""
    return form.condition_de(name) if hasattr(form, "condition_de") else None


@register.filter
def nationalite(code_pays) -> str:
    """« BRÉSILIENNE » for Brazil: the adjective the residence documents print."""
    return nationalite_adjectif(code_pays)


@register.filter
def avec_js(form, name) -> bool:
    """A field that only works with JavaScript (address search): hidden until anef.js runs."""
    return name in getattr(form, "champs_avec_js", ())


@register.simple_tag
def champs_etape(form) -> SafeString:
    """A step form by its sections, each field in its DSFR group (demandes/etapes/_champs.html).
    A conditional field carries data-visible-si, a field that needs JavaScript data-avec-js and
    hidden (anef.js shows them). Written here rather than as a loop of the template: a step
    has up to twenty fields, and the template engine's per-field work was a tenth of the page's
    time (docs/benchmarks.md)."""
    parts = []
    for titre, champs in form.get_sections():
        parts.append('<section class="fr-mb-4w">')
        if titre:
            parts.append(format_html('<h2 class="fr-h4">{}</h2>', titre))
        for champ in champs:
            attributs = ""
            if condition := condition_de(form, champ.name):
                attributs = format_html(' data-visible-si="{}={}"', condition[0], condition[1])
            if avec_js(form, champ.name):
                attributs += " data-avec-js hidden"
            contenu = str(champ) if champ.is_hidden else champ.as_field_group()
            parts.append(f'<div class="anef-champ"{attributs}>\n{contenu}\n</div>')
        parts.append("</section>")
    return SafeString("\n".join(parts))
