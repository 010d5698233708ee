"""PDFs: opened by a lenient reader, active content refused, outgoing actions removed (see the
package's docstring).

pypdf is imported inside the functions: the child process that checks an image imports this
package too, and pypdf takes about 150 ms to import."""

import re
from typing import IO

from justificatifs.controle.verdict import (
    ACTIF,
    CHIFFRE,
    CORROMPU,
    ERREURS_LECTURE,
    SORTANT,
    Refus,
)

# The raw scan reads the file in chunks of this size.
TAILLE_BLOC = 64 * 1024

# PDF names that run code or carry other files.
NOMS_ACTIFS = frozenset(
    {
        "JavaScript",
        "JS",
        "Launch",
        "EmbeddedFile",
        "EmbeddedFiles",
        "FileAttachment",
        "RichMedia",
        "RichMediaExecute",
        "XFA",
    }
)
# Action types (the /S of an action) that leave the document or act on something outside it:
# open another file or a web address, send or import form data, play external media.
ACTIONS_SORTANTES = frozenset(
    {
        "GoToR",
        "GoToE",
        "GoToDp",
        "URI",
        "SubmitForm",
        "ResetForm",
        "ImportData",
        "Sound",
        "Movie",
        "Rendition",
    }
)
# The names the raw scan looks for (Sound, Movie and Rendition are too common as plain words).
NOMS_BRUTS = NOMS_ACTIFS | (ACTIONS_SORTANTES - {"Sound", "Movie", "Rendition"})
NOM_PDF = re.compile(rb"/([^\x00\t\n\x0c\r /\[\]()<>{}%]*)")
ECHAPPEMENT_NOM = re.compile(rb"#([0-9A-Fa-f]{2})")
NOM_PDF_LONGUEUR_MAX = 256
ENTETE_OBJET = re.compile(
    rb"(?<![0-9])[0-9]{1,10}[ \t\r\n\x00\x0c]+[0-9]{1,5}[ \t\r\n\x00\x0c]+obj\b"
)


def pdf_verifier(entree: IO[bytes], sortie: IO[bytes]) -> bool:
    """Refuse a PDF with active content, a password or no readable page; when it carries an
    action that leaves the document, write a copy without it into `sortie` (True)."""
    code = pdf_noms_bruts(entree)
    if code == ACTIF:
        raise Refus(ACTIF)
    lecteurs = _pdf_lecteurs(entree)
    sortant = code == SORTANT
    for lecteur in lecteurs:
        sortant = _pdf_objets_verifier(lecteur) or sortant
    if not sortant:
        return False
    from pypdf.errors import PyPdfError

    try:
        pdf_neutraliser(lecteurs[0], sortie)
    except (PyPdfError, *ERREURS_LECTURE) as exc:
        # Opened but not rewritable: the applicant is asked for a version without links.
        raise Refus(SORTANT) from exc
    _pdf_reverifier(sortie)
    return True


def _pdf_reverifier(copie: IO[bytes]) -> None:
    """The cleaned copy must pass every check with nothing left to neutralise; what could not
    be removed keeps the file refused."""
    if (code := pdf_noms_bruts(copie)) is not None:
        raise Refus(code)
    for lecteur in _pdf_lecteurs(copie):
        if _pdf_objets_verifier(lecteur):
            raise Refus(SORTANT)


def pdf_noms_bruts(entree: IO[bytes]) -> int | None:
    """Scan the raw bytes, chunk by chunk, for a name of NOMS_BRUTS (#xx escapes decoded):
    ACTIF as soon as an active name is found, else SORTANT when an outgoing one was."""
    entree.seek(0)
    trouve_code = None
    reste = b""
    while bloc := entree.read(TAILLE_BLOC):
        tampon = reste + bloc
        reste = b""
        for trouve in NOM_PDF.finditer(tampon):
            if trouve.end() == len(tampon):
                # The name may go on in the next chunk.
                reste = tampon[trouve.start() :][:NOM_PDF_LONGUEUR_MAX]
                break
            code = _code_du_nom(trouve.group(1))
            if code == ACTIF:
                return ACTIF
            trouve_code = trouve_code or code
    code = _code_du_nom(reste[1:]) if reste else None
    return code or trouve_code


def _code_du_nom(brut: bytes) -> int | None:
    nom = ECHAPPEMENT_NOM.sub(lambda m: bytes([int(m.group(1), 16)]), brut)
    nom = nom.decode("latin-1")
    if nom not in NOMS_BRUTS:
        return None
    return ACTIF if nom in NOMS_ACTIFS else SORTANT


def _pdf_lecteurs(entree: IO[bytes]) -> list:
    """The readers that open the file, decrypted: pypdf as is, and pypdf rebuilding the
    cross-references when the first fails or when the file holds objects its cross-references
    do not list (a reader that rebuilds would see them). CORROMPU when none finds a page,
    CHIFFRE when it needs a password."""
    lecteurs = []
    lecteur = _pdf_ouvrir(entree, reconstruire=False)
    if lecteur is not None:
        lecteurs.append(lecteur)
    if lecteur is None or _pdf_objets_non_listes(entree, lecteur):
        lecteur = _pdf_ouvrir(entree, reconstruire=True)
        if lecteur is not None:
            lecteurs.append(lecteur)
    if not lecteurs:
        raise Refus(CORROMPU)
    return lecteurs


def _pdf_ouvrir(entree: IO[bytes], *, reconstruire: bool):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    class LecteurReconstruit(PdfReader):
        """Finds every object by scanning the file, ignoring its cross-reference data."""

        def read(self, stream):
            self._basic_validation(stream)
            self._rebuild_xref_table(stream)

    entree.seek(0)
    try:
        lecteur = (LecteurReconstruit if reconstruire else PdfReader)(entree, strict=False)
        if lecteur.is_encrypted and not lecteur.decrypt(""):
            raise Refus(CHIFFRE)
        return lecteur if len(lecteur.pages) > 0 else None
    except (PyPdfError, *ERREURS_LECTURE):
        return None


def _pdf_objets_non_listes(entree: IO[bytes], lecteur) -> bool:
    """Whether the file has more `N G obj` headers than the reader's cross-references list."""
    listes = sum(len(par_numero) for par_numero in lecteur.xref.values())
    entree.seek(0)
    trouves = 0
    reste = b""
    while bloc := entree.read(TAILLE_BLOC):
        tampon = reste + bloc
        # A header starting in the last 32 bytes may go on in the next chunk: counted then.
        limite = len(tampon) - 32
        trouves += sum(1 for trouve in ENTETE_OBJET.finditer(tampon) if trouve.start() < limite)
        reste = tampon[max(limite, 0) :]
    trouves += len(ENTETE_OBJET.findall(reste))
    return trouves > listes


def _pdf_objets_verifier(lecteur) -> bool:
    """Look at every object the reader knows, and at the dictionaries and arrays inside it:
    Refus(ACTIF) on active content, True when an action leaves the document."""
    from pypdf.errors import PyPdfError
    from pypdf.generic import IndirectObject

    references = [
        (numero, generation)
        for generation, par_numero in lecteur.xref.items()
        for numero in par_numero
    ]
    references += [(numero, 0) for numero in lecteur.xref_objStm]
    sortant = False
    for numero, generation in references:
        try:
            objet = IndirectObject(numero, generation, lecteur).get_object()
        except (PyPdfError, *ERREURS_LECTURE):
            continue  # an object no reader can parse cannot act either
        sortant = _objet_verifier(objet) or sortant
    return sortant


def _objet_verifier(objet) -> bool:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    sortant = False
    pile = [objet]
    while pile:
        courant = pile.pop()
        if isinstance(courant, DictionaryObject):
            noms = {str(cle)[1:] for cle in dict.keys(courant)}
            for cle in ("/S", "/Type", "/Subtype"):
                valeur = dict.get(courant, cle)
                if isinstance(valeur, NameObject):
                    noms.add(str(valeur)[1:])
            if noms & NOMS_ACTIFS:
                raise Refus(ACTIF)
            sortant = sortant or _action_sortante(courant)
            pile.extend(dict.values(courant))
        elif isinstance(courant, ArrayObject):
            pile.extend(list.__iter__(courant))
    return sortant


def _action_sortante(dictionnaire) -> bool:
    """Whether this dictionary is itself an action that leaves the document."""
    from pypdf.generic import NameObject

    action = dict.get(dictionnaire, "/S")
    return isinstance(action, NameObject) and (
        str(action)[1:] in ACTIONS_SORTANTES or (action == "/Thread" and "/F" in dictionnaire)
    )


# --- Neutralising outgoing actions ------------------------------------------------------------


def pdf_neutraliser(lecteur, sortie: IO[bytes]) -> None:
    """Write into `sortie` a copy of the document without the actions that leave it: link
    annotations that lead outside are dropped, any other entry (/A, /OpenAction, an /AA
    trigger, an outline item's /A, a /Next) holding such an action, or a chain of actions one
    of which leaves, is removed, as is the catalog's base /URI. Pages, content streams and
    internal links are copied unchanged; objects nothing refers to any more are not written."""
    from pypdf import PdfWriter

    ecrivain = PdfWriter(clone_from=lecteur)
    for objet in ecrivain._objects:
        if objet is not None:
            _actions_sortantes_retirer(objet)
    _objets_inaccessibles_retirer(ecrivain)
    sortie.seek(0)
    sortie.truncate()
    ecrivain.write(sortie)
    sortie.flush()


def _chaine_sortante(objet) -> bool:
    """Whether this action, or one its /Next chain leads to, leaves the document."""
    from pypdf.generic import ArrayObject, DictionaryObject

    vues = set()
    pile = [objet]
    while pile:
        courant = _resoudre(pile.pop())
        if id(courant) in vues:
            continue
        vues.add(id(courant))
        if isinstance(courant, ArrayObject):
            pile.extend(list.__iter__(courant))
        elif isinstance(courant, DictionaryObject):
            if _action_sortante(courant):
                return True
            if "/S" in courant and "/Next" in courant:
                pile.append(dict.get(courant, "/Next"))
    return False


def _lien_sortant(annotation) -> bool:
    from pypdf.generic import DictionaryObject

    annotation = _resoudre(annotation)
    return (
        isinstance(annotation, DictionaryObject)
        and dict.get(annotation, "/Subtype") == "/Link"
        and "/A" in annotation
        and _chaine_sortante(dict.get(annotation, "/A"))
    )


def _actions_sortantes_retirer(objet) -> None:
    """Remove, in this object and the direct objects inside it, every entry and array item
    that is (or leads through /Next to) an outgoing action, and every link annotation whose
    action leaves. Indirect objects are other items of the writer's list, visited on their own."""
    from pypdf.generic import ArrayObject, DictionaryObject

    pile = [objet]
    while pile:
        courant = pile.pop()
        if isinstance(courant, DictionaryObject):
            for cle, valeur in list(dict.items(courant)):
                cible = _resoudre(valeur)
                if cle == "/Annots" and isinstance(cible, ArrayObject):
                    cible[:] = [a for a in list.__iter__(cible) if not _lien_sortant(a)]
                if (cle == "/URI" and "/S" not in courant) or (
                    isinstance(cible, DictionaryObject)
                    and "/S" in cible
                    and _chaine_sortante(cible)
                ):
                    del courant[cle]
                else:
                    pile.append(valeur)
        elif isinstance(courant, ArrayObject):
            courant[:] = [
                valeur
                for valeur in list.__iter__(courant)
                if not _est_action(valeur) or not _chaine_sortante(valeur)
            ]
            pile.extend(list.__iter__(courant))


def _est_action(objet) -> bool:
    from pypdf.generic import DictionaryObject

    objet = _resoudre(objet)
    return isinstance(objet, DictionaryObject) and "/S" in objet


def _resoudre(objet):
    from pypdf.generic import IndirectObject

    return objet.get_object() if isinstance(objet, IndirectObject) else objet


def _objets_inaccessibles_retirer(ecrivain) -> None:
    """Drop the objects no longer reachable from the catalog or the document information (the
    removed actions themselves): the writer would otherwise write them."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    accessibles = set()
    pile = [ecrivain._root_object]
    if ecrivain._info is not None:
        pile.append(ecrivain._info)
    while pile:
        courant = pile.pop()
        if isinstance(courant, IndirectObject):
            if courant.idnum in accessibles:
                continue
            accessibles.add(courant.idnum)
            courant = courant.get_object()
        if isinstance(courant, DictionaryObject):
            pile.extend(dict.values(courant))
        elif isinstance(courant, ArrayObject):
            pile.extend(list.__iter__(courant))
    for racine in (ecrivain._root_object, ecrivain._info):
        reference = getattr(racine, "indirect_reference", None)
        if isinstance(reference, IndirectObject):
            accessibles.add(reference.idnum)
    for index in range(len(ecrivain._objects)):
        if index + 1 not in accessibles:
            ecrivain._objects[index] = None
