from django import template

from attestations import selectors

register = template.Library()


@register.simple_tag
def attestations_de(demande):
    """`{% attestations_de demande as attestations %}`: latest version of each type."""
    return selectors.attestations_de(demande)


@register.simple_tag
def generation_en_cours(attestations):
    """`{% generation_en_cours attestations as en_cours %}`: a document is still being made."""
    return selectors.generation_en_cours(attestations)
