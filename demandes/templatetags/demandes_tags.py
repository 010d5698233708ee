from django import template

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
