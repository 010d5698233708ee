"""HTML template → PDF bytes with WeasyPrint, fetching nothing but our own static files.

Templates reference their CSS and fonts with `{% static %}`; pages are rendered with the base
URL `BASE_URL`, so those references become `https://static.anef.invalid/static/...`, which
`url_fetcher` resolves through the staticfiles finders (the DSFR package ships the Marianne
font) or, in production, the collected files of the static storage: there `{% static %}` gives
the manifest's hashed names (`attestation.3f2a….css`), which no finder knows. Every other URL
— `file://`, `http(s)://` elsewhere, `/etc/passwd` relative tricks — is refused; `data:` URIs
(the 2D-DOC image we generate) are decoded in memory.
"""

import base64
import posixpath
from functools import cache, lru_cache
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string

BASE_URL = "https://static.anef.invalid/"
_TYPES = {
    ".css": "text/css",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}


class RessourceRefusee(ValueError):
    """A URL the PDF renderer may not fetch."""


@lru_cache(maxsize=64)
def _statique(chemin: str) -> tuple[bytes, str]:
    normalise = posixpath.normpath(chemin)
    if normalise.startswith(("..", "/")) or normalise != chemin:
        raise RessourceRefusee(f"chemin statique refusé : {chemin}")
    extension = posixpath.splitext(normalise)[1].lower()
    if extension not in _TYPES:
        raise RessourceRefusee(f"type de fichier statique refusé : {chemin}")
    return _lire(normalise), _TYPES[extension]


def _lire(nom: str) -> bytes:
    """A static file by the name `{% static %}` gave: the source name in development (the
    finders), the collected, hashed name in production (ManifestStaticFilesStorage)."""
    trouve = finders.find(nom)
    if trouve:
        with open(trouve, "rb") as fichier:
            return fichier.read()
    if staticfiles_storage.exists(nom):
        with staticfiles_storage.open(nom) as fichier:
            return fichier.read()
    # A hashed name not collected here (STATIC_ROOT on another volume): back to its source.
    source = _sources_hachees().get(nom)
    trouve = finders.find(source) if source else None
    if not trouve:
        raise RessourceRefusee(f"fichier statique introuvable : {nom}")
    with open(trouve, "rb") as fichier:
        return fichier.read()


def _sources_hachees() -> dict[str, str]:
    """{hashed name: source name} from the manifest of a ManifestStaticFilesStorage."""
    hashes = getattr(staticfiles_storage, "hashed_files", None) or {}
    return {hache: source for source, hache in hashes.items()}


def ressource(url: str) -> tuple[bytes, str]:
    """(content, media type) of a URL the renderer may use; RessourceRefusee otherwise."""
    if url.startswith("data:"):
        entete, virgule, donnees = url[5:].partition(",")
        if not virgule:
            raise RessourceRefusee("URI data: invalide")
        media = entete.split(";")[0] or "text/plain"
        if entete.endswith(";base64"):
            return base64.b64decode(donnees), media
        return unquote(donnees).encode(), media
    parts = urlsplit(url)
    origine = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (origine.scheme, origine.netloc):
        raise RessourceRefusee(f"URL externe refusée : {url}")
    if parts.query or parts.fragment:
        raise RessourceRefusee(f"URL refusée : {url}")
    chemin = unquote(parts.path)
    if not chemin.startswith(settings.STATIC_URL):
        raise RessourceRefusee(f"hors des fichiers statiques : {url}")
    return _statique(chemin[len(settings.STATIC_URL) :])


@cache
def url_fetcher():
    """The WeasyPrint fetcher (an instance of its URLFetcher whose `fetch` only serves
    `ressource`). Built on first use: WeasyPrint is imported only when a PDF is rendered."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FetcherRestreint(URLFetcher):
        def fetch(self, url, headers=None):
            contenu, media = ressource(url)
            return URLFetcherResponse(url, contenu, {"Content-Type": media})

    return FetcherRestreint(allowed_protocols=("https", "data"))


def render_to_pdf(template: str, context: dict) -> bytes:
    """Render a Django template to an A4 PDF (the template's print CSS sets the page).

    Tagged (RGAA 13.3): a structure tree in the order of the HTML, /Lang from `<html lang>`,
    the `<title>` as the window title (/DisplayDocTitle), each `<img alt>` as its figure's /Alt.
    Content of page margin boxes (`position: running()`) is left out of that tree, so
    anything that must be read stays in the flow."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher())
    return document.write_pdf(pdf_tags=True)
