from types import SimpleNamespace

from django.utils.translation import gettext_lazy as _

from anef import rgaa

# django-dsfr reads SITE_CONFIG on every page; its own context processor queries the database
# each time. The values are fixed for this service, so they live here.
SITE_CONFIG = SimpleNamespace(
    site_title=_("Étrangers en France"),
    site_tagline=_("Direction générale des étrangers en France"),
    header_brand_html="Ministère<br>de l'Intérieur",
    footer_brand_html="Ministère<br>de l'Intérieur",
    footer_description=_(
        "Administration numérique pour les étrangers en France : demandez ou renouvelez votre "
        "titre de séjour en ligne et suivez son instruction."
    ),
    mourning=False,
    beta_tag=False,
)


def site(request):
    # RGAA: the footer's compliance level and the accessibility statement (anef/rgaa.py).
    return {"SITE_CONFIG": SITE_CONFIG, "RGAA": rgaa.resume()}
