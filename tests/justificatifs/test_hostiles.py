"""The hostile-upload corpus (echantillons): damaged PDFs a reader opens, PDFs whose clicks
leave the document (stored without those links), files that cost more to check than their size
suggests."""

import hashlib
import io
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from justificatifs import controle, services, validation
from justificatifs.validation import FichierRefuse, verifier_fichier
from tests.demandes.factories import DemandeFactory
from tests.justificatifs import echantillons

ACTIF = "Ce PDF contient du contenu actif"
TROP_COMPLEXE = "Le fichier est trop complexe pour être vérifié"
IMAGE_TROP_GRANDE = "Image trop grande : sa définition dépasse 16 millions de pixels"


@pytest.mark.parametrize(
    "contenu",
    [
        echantillons.pdf_xref_decale(),
        echantillons.pdf_xref_illisible(),
        echantillons.pdf_sans_fin(),
    ],
    ids=["offsets-decales", "table-illisible-et-rembourrage", "sans-eof"],
)
def test_a_pdf_with_damaged_cross_references_that_readers_open_is_accepted(contenu):
    verdict = verifier_fichier(io.BytesIO(contenu))
    assert verdict.type_mime == "application/pdf"
    assert verdict.contenu.read() == contenu


def test_a_pdf_no_reader_opens_is_still_refused():
    with pytest.raises(FichierRefuse, match="corrompu"):
        verifier_fichier(io.BytesIO(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"))


def test_a_pdf_opening_on_its_own_first_page_is_accepted():
    assert verifier_fichier(io.BytesIO(echantillons.pdf_lien_interne())).taille > 0


SORTANTES = {"GoToR", "GoToE", "GoToDp", "URI", "SubmitForm", "ResetForm", "ImportData"}
SORTANTES |= {"Sound", "Movie", "Rendition", "Launch", "JavaScript"}


def _actions(action, vues):
    """The /S of an action and of every action its /Next chain leads to."""
    action = action.get_object() if action is not None else None
    if isinstance(action, ArrayObject):
        for element in action:
            yield from _actions(element, vues)
    elif isinstance(action, DictionaryObject) and id(action) not in vues:
        vues.add(id(action))
        if action.get("/S") == "/Thread" and "/F" in action:
            yield "Thread"
        yield str(action.get("/S", ""))[1:]
        yield from _actions(action.get("/Next"), vues)


def _declencheurs(dictionnaire, vues):
    """The actions of a dictionary's /A, /PA and of every trigger of its /AA."""
    for cle in ("/A", "/PA", "/OpenAction"):
        yield from _actions(dictionnaire.get(cle), vues)
    for action in (dictionnaire.get("/AA") or DictionaryObject()).values():
        yield from _actions(action, vues)


def actions_sortantes(contenu: bytes) -> set[str]:
    """Read back a stored PDF, not with the controle package, and list the actions that leave
    it: the catalog's /OpenAction and /AA, every page's /AA, every annotation's /A, /PA and
    /AA, every outline item, following /Next chains."""
    lecteur = PdfReader(io.BytesIO(contenu))
    vues = set()
    trouvees = list(_declencheurs(lecteur.trailer["/Root"], vues))
    for page in lecteur.pages:
        trouvees += _declencheurs(page, vues)
        for annotation in page.get("/Annots") or []:
            trouvees += _declencheurs(annotation.get_object(), vues)
    signets = (lecteur.trailer["/Root"].get("/Outlines") or DictionaryObject()).get("/First")
    pile = [signets] if signets is not None else []
    while pile:
        signet = pile.pop().get_object()
        trouvees += _declencheurs(signet, vues)
        pile += [signet[cle] for cle in ("/First", "/Next") if cle in signet]
    return set(trouvees) & (SORTANTES | {"Thread"})


def stocke(contenu: bytes) -> bytes:
    """What verifier_fichier says to store for these bytes."""
    with verifier_fichier(io.BytesIO(contenu)).contenu as fichier:
        return fichier.read()


def texte(contenu: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages)


@pytest.mark.parametrize("type_action", ["GoToR", "GoToE", "URI", "SubmitForm", "ImportData"])
def test_a_link_annotation_whose_action_leaves_the_document_is_dropped(type_action):
    original = echantillons.pdf_action(type_action)
    assert actions_sortantes(original) == {type_action}
    propre = stocke(original)
    assert actions_sortantes(propre) == set()
    assert f"/{type_action}".encode() not in propre
    assert PdfReader(io.BytesIO(propre)).pages[0].get("/Annots", []) == []


def test_the_full_page_gotor_link_to_a_unc_path_is_stored_neutralised():
    verdict = verifier_fichier(io.BytesIO(echantillons.pdf_action("GoToR")))
    with verdict.contenu:
        propre = verdict.contenu.read()
    assert verdict.type_mime == "application/pdf"
    assert verdict.taille == len(propre)
    assert b"attaquant.example" not in propre
    assert len(PdfReader(io.BytesIO(propre)).pages) == 1


@pytest.mark.parametrize(
    "ou", ["ouverture", "aa", "aa_document", "aa_annotation", "signet", "suite"]
)
@pytest.mark.parametrize("type_action", ["GoToR", "URI", "SubmitForm", "ResetForm"])
def test_an_outgoing_action_is_removed_wherever_it_hides(type_action, ou):
    original = echantillons.pdf_action(type_action, ou=ou)
    assert actions_sortantes(original) == {type_action}
    propre = stocke(original)
    assert actions_sortantes(propre) == set()
    assert b"attaquant.example" not in propre
    # What was checked again is what is stored: nothing left to remove.
    assert controle.verifier("application/pdf", io.BytesIO(propre), io.BytesIO()) == (
        controle.ACCEPTE
    )


def test_a_bank_statement_keeps_its_text_and_internal_link_and_loses_its_web_link():
    original = echantillons.pdf_releve_avec_lien()
    propre = stocke(original)
    assert actions_sortantes(propre) == set()
    assert b"https://www.banque.example" not in propre
    assert texte(propre) == texte(original)
    assert "www.banque.example/aide" in texte(propre)
    (lien,) = PdfReader(io.BytesIO(propre)).pages[0]["/Annots"]
    assert lien.get_object()["/A"]["/S"] == "/GoTo"


def test_a_damaged_pdf_with_a_web_link_is_rewritten_from_the_reader_that_opens_it():
    original = echantillons.pdf_xref_decale(contenu=echantillons.pdf_releve_avec_lien())
    propre = stocke(original)
    assert actions_sortantes(propre) == set()
    assert b"https://www.banque.example" not in propre
    assert "Releve de compte" in texte(propre)


def test_a_pdf_encrypted_with_an_empty_password_is_stored_decrypted_without_its_link():
    ecrivain = PdfWriter(clone_from=io.BytesIO(echantillons.pdf_releve_avec_lien()))
    ecrivain.encrypt(user_password="", owner_password="proprietaire", algorithm="AES-128")
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    propre = stocke(sortie.getvalue())
    assert not PdfReader(io.BytesIO(propre)).is_encrypted
    assert actions_sortantes(propre) == set()
    assert "Releve de compte" in texte(propre)


@pytest.mark.parametrize(
    "contenu",
    [echantillons.pdf(), echantillons.pdf_lien_interne(), echantillons.pdf_xref_decale()],
    ids=["simple", "ouverture-interne", "offsets-decales"],
)
def test_a_pdf_with_nothing_to_neutralise_is_stored_byte_for_byte(contenu):
    assert stocke(contenu) == contenu


@pytest.mark.parametrize(
    "contenu",
    [
        echantillons.pdf_action("Launch"),
        echantillons.pdf_action("JavaScript"),
        echantillons.pdf_action("JavaScript", ou="ouverture"),
        echantillons.pdf_javascript(),
        echantillons.pdf_javascript_compresse(),
    ],
    ids=["launch", "javascript-lien", "javascript-ouverture", "javascript", "compresse"],
)
def test_active_content_is_still_refused(contenu):
    with pytest.raises(FichierRefuse, match=ACTIF):
        verifier_fichier(io.BytesIO(contenu))


def test_active_content_is_refused_even_after_an_outgoing_link():
    """The raw scan does not stop at the first outgoing name: a script further on is found."""
    contenu = echantillons.pdf_action("URI") + echantillons.pdf_action("JavaScript")
    assert controle.pdf_noms_bruts(io.BytesIO(contenu)) == controle.ACTIF


def test_a_cleaned_copy_over_the_size_limit_is_refused(monkeypatch):
    """The copy is what gets stored: the 10 MB limit applies to it as to the upload."""

    def copie_trop_grande(module, *args, stdin, stdout):
        stdout.write(b"%PDF-1.7\n" + b"%" * validation.TAILLE_MAX)
        stdout.flush()
        return controle.NEUTRALISE

    monkeypatch.setattr(validation.sandbox, "run", copie_trop_grande)
    with pytest.raises(FichierRefuse, match="taille maximale de 10 Mo"):
        verifier_fichier(io.BytesIO(echantillons.pdf_action("URI")))


def test_a_cleaned_copy_that_still_leaves_is_refused(monkeypatch):
    """Should the rewrite miss an action, the re-check refuses the file instead of storing it."""
    monkeypatch.setattr(controle.pdf, "_actions_sortantes_retirer", lambda objet: None)
    sortie = io.BytesIO()
    contenu = io.BytesIO(echantillons.pdf_action("URI"))
    assert controle.verifier("application/pdf", contenu, sortie) == controle.SORTANT


@pytest.mark.parametrize("type_action", ["GoToR", "URI", "SubmitForm"])
def test_the_object_walk_finds_actions_nested_in_outlines_without_the_raw_scan(type_action):
    """What the raw scan cannot see (names inside compressed object streams) the object walk
    finds: here it is run alone, on the objects pypdf parses."""
    lecteur = PdfReader(io.BytesIO(echantillons.pdf_action(type_action, ou="signet")))
    assert controle._pdf_objets_verifier(lecteur) is True
    lecteur = PdfReader(io.BytesIO(echantillons.pdf_lien_interne()))
    assert controle._pdf_objets_verifier(lecteur) is False


def test_a_pdf_of_180000_objects_is_refused_within_the_cpu_limit():
    contenu = echantillons.pdf_objets(180_000)
    assert len(contenu) < 10 * 1024 * 1024
    debut = time.monotonic()
    with pytest.raises(FichierRefuse, match=TROP_COMPLEXE):
        verifier_fichier(io.BytesIO(contenu))
    # 2 s of CPU at most, on a shared machine: the wall-clock limit is 15 s.
    assert time.monotonic() - debut < 16


def test_a_9_mb_pdf_with_a_web_link_is_rewritten_within_the_child_process_limits():
    contenu = echantillons.pdf_lien_lourd()
    assert 9_000_000 < len(contenu) < validation.TAILLE_MAX
    propre = stocke(contenu)
    assert actions_sortantes(propre) == set()
    assert b"attaquant.example" not in propre
    assert len(propre) > 9_000_000


def test_a_small_png_declaring_49_million_pixels_is_refused_from_its_header():
    contenu = echantillons.png_reel(7000, 7000)
    assert len(contenu) < 200 * 1024
    with pytest.raises(FichierRefuse, match=IMAGE_TROP_GRANDE):
        verifier_fichier(io.BytesIO(contenu))


def test_a_colour_png_above_16_million_pixels_is_refused_but_a_12_mpx_one_is_kept():
    with pytest.raises(FichierRefuse, match=IMAGE_TROP_GRANDE):
        verifier_fichier(io.BytesIO(echantillons.png_reel(5000, 3400)))
    verdict = verifier_fichier(io.BytesIO(echantillons.png_reel(4000, 3000)))
    with verdict.contenu, Image.open(verdict.contenu) as image:
        assert image.size == (4000, 3000)


def test_a_small_jpeg_declaring_144_million_pixels_is_refused():
    with pytest.raises(FichierRefuse, match="Image trop grande|corrompu"):
        verifier_fichier(io.BytesIO(echantillons.jpeg_geant(12000, 12000)))


def test_a_jpeg_above_the_memory_budget_is_decoded_and_stored_at_a_reduced_scale(monkeypatch):
    monkeypatch.setattr(controle.images, "OCTETS_PIXELS_MAX", 1_000_000)  # 250,000 RGB pixels
    entree, sortie = io.BytesIO(echantillons.image("JPEG", taille=(1000, 800))), io.BytesIO()
    controle.image_neutraliser(entree, sortie, "JPEG")
    assert Image.open(io.BytesIO(sortie.getvalue())).size == (500, 400)


def test_a_jpeg_keeps_its_orientation_tag_and_nothing_else():
    image = Image.new("RGB", (40, 20), "blue")
    exif = image.getexif()
    exif[controle.ORIENTATION] = 6
    exif[0x010E] = "<script>alert(1)</script>"
    sortie = io.BytesIO()
    image.save(sortie, "JPEG", exif=exif)
    verdict = verifier_fichier(io.BytesIO(sortie.getvalue()))
    with verdict.contenu, Image.open(verdict.contenu) as stockee:
        assert dict(stockee.getexif()) == {controle.ORIENTATION: 6}


@pytest.mark.django_db
def test_the_service_stores_the_cleaned_copy_with_its_own_size_and_fingerprint():
    demande = DemandeFactory()
    original = echantillons.pdf_action("GoToR")
    fichier = services.fichier_ajouter(
        demande=demande,
        piece="passeport",
        upload=SimpleUploadedFile("releve.pdf", original),
        par=demande.usager,
    )
    with default_storage.open(fichier.fichier.name) as enregistre:
        propre = enregistre.read()
    assert propre != original
    assert actions_sortantes(propre) == set()
    assert b"attaquant.example" not in propre
    assert fichier.taille == len(propre)
    assert fichier.sha256 == hashlib.sha256(propre).hexdigest()
    assert fichier.type_mime == "application/pdf"
    assert fichier.nom == "releve.pdf"


def test_the_catalog_base_uri_goes_and_an_outline_item_stays_without_its_action():
    ecrivain = PdfWriter(clone_from=io.BytesIO(echantillons.pdf_action("URI", ou="signet")))
    ecrivain._root_object[NameObject("/URI")] = DictionaryObject(
        {NameObject("/Base"): TextStringObject("https://attaquant.example/")}
    )
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    propre = stocke(sortie.getvalue())
    assert b"attaquant.example" not in propre
    lecteur = PdfReader(io.BytesIO(propre))
    assert "/URI" not in lecteur.trailer["/Root"]
    assert [signet.title for signet in lecteur.outline] == ["Sommaire"]
