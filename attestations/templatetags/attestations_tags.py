from django import template

from attestations import selectors

register = template.Library()


@register.simple_tag
def attestations_de(demande):
    """`{% attestations_de demande as attestations %}`: latest version of each type."""
    return selectors.attestations_de(demande)
