"""Steps of the filing wizard (« Je demande ou renouvelle un titre de séjour »), shared by the
test_depot_* journeys and test_wizard_accessibilite.

Fields are found by their ids (stable) or by their accessible names; buttons by role and name,
scoped to <main> (or to the modal) so that the header's links never match."""

import datetime
import io
import re
from pathlib import Path
from urllib.parse import urljoin

from django.utils import timezone
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from accounts.models import User
from justificatifs.models import EPhoto
from tests.accounts.factories import UserFactory
from tests.demandes.factories import document_a_renouveler
from tests.e2e.journeys import login

EPHOTO_CODE = "1PMTEK770613113807AA00"
# As a user copies it from the photo sheet: spaces, lowercase.
EPHOTO_TYPED = "1pmt ek77 0613 1138 07aa 00"
EPHOTO_GROUPED = "1PMT - EK77 - 0613 - 1138 - 07AA - 00"
NUMERO_DEMANDE = re.compile(r"^\d{19}$")
SCREENSHOTS = Path("/tmp")

ENREGISTRER = "Enregistrer et poursuivre"
VALIDER_PARTIE = "Valider et vérifier la suite de ma saisie"


# --- Accounts ------------------------------------------------------------------------------


def etudiant() -> User:
    return UserFactory(document=document_a_renouveler(motif="Etudiant"))


def bpi() -> User:
    return UserFactory(document=document_a_renouveler(motif="BPS", mention=""))


def ase() -> User:
    """Born 19 years ago: an adult whose registry title is « MNA placé avant 16 ans »."""
    today = timezone.localdate()
    naissance = today.replace(year=today.year - 19, day=min(today.day, 28))
    return UserFactory(
        document=document_a_renouveler(
            motif="MNA placé avant 16 ans",
            mention="VIE PRIVÉE ET FAMILIALE",
            date_naissance=naissance,
        )
    )


def ephoto(code: str = EPHOTO_CODE) -> EPhoto:
    return EPhoto.objects.create(code=code, prise_le=timezone.localdate())


# --- Files ---------------------------------------------------------------------------------


def png(name: str = "facture.png") -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


def fake_pdf(name: str = "releve.pdf") -> dict:
    """A text file renamed .pdf: the content check refuses it."""
    return {"name": name, "mimeType": "application/pdf", "buffer": b"Ceci n'est pas un PDF.\n"}


# --- Page helpers --------------------------------------------------------------------------


def main(page: Page) -> Locator:
    return page.get_by_role("main")


def h1(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def click(page: Page, name: str, *, within: Locator | None = None) -> None:
    """Click a button of <main> (or of `within`) and wait for the page it leads to."""
    scope = within if within is not None else main(page)
    scope.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def enregistrer(page: Page) -> None:
    click(page, ENREGISTRER)


def expect_step(page: Page, numero: int, titre: str, total: int | None = None) -> None:
    heading = h1(page)
    expect(heading).to_contain_text(titre)
    expect(heading).to_contain_text(f"Étape {numero} sur {total or ''}".strip())


def expect_error_summary(page: Page) -> Locator:
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    return summary


def field_group(page: Page, field_id: str) -> Locator:
    """The DSFR group (input, select, upload or fieldset) of a field, where its error shows."""
    return page.locator(f"#{field_id}").locator(
        "xpath=ancestor::*[contains(@class, '-group') or contains(@class, 'fr-fieldset')][1]"
    )


def tick(page: Page, control: Locator) -> None:
    """Check a DSFR radio or checkbox as a user does: by clicking its label (the styled label
    covers the input, which takes no clicks itself)."""
    field_id = control.get_attribute("id")
    page.locator(f"label[for='{field_id}']").click()
    expect(control).to_be_checked()


def radio(page: Page, name: str, value: str) -> None:
    tick(page, page.locator(f"input[type=radio][name='{name}'][value='{value}']"))


def fill_date(page: Page, prefix: str, value: datetime.date) -> None:
    page.select_option(f"#id_{prefix}_day", str(value.day))
    page.select_option(f"#id_{prefix}_month", str(value.month))
    page.select_option(f"#id_{prefix}_year", str(value.year))


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"wizard_{name}.png"), full_page=True)


class Findings:
    """Expectations checked without stopping the journey, asserted together at its end: one
    broken page (a modal, a summary) does not hide what the rest of the journey shows."""

    def __init__(self):
        self.problems: list[str] = []

    def check(self, label: str, assertion) -> None:
        try:
            assertion()
        except AssertionError as exc:
            message = str(exc).split("\nCall log:")[0].split("\nAria snapshot:")[0]
            self.problems.append(f"{label}: {message.strip()}")

    def assert_none(self) -> None:
        assert not self.problems, "\n\n".join(self.problems)


MODAL = "#modal-etape"


def modal(page: Page, title: str) -> Locator:
    """The step's server-opened modal (ASE eligibility, resources), by its title."""
    dialog = page.locator(MODAL)
    expect(dialog.get_by_role("heading", name=title)).to_be_attached()
    return dialog


def expect_modal_open(page: Page, dialog: Locator) -> None:
    """The server-opened modal is still shown once DSFR's script has run, and holds the focus
    (its main link carries autofocus), as a modal dialog must."""
    expect(page.locator("html")).to_have_attribute("data-fr-js", "true")
    page.wait_for_timeout(600)  # DSFR's modal transitions last 0.3 s.
    state = dialog.evaluate(
        """d => { const s = getComputedStyle(d);
                  const shown = d.getClientRects().length > 0 && s.display !== "none";
                  return {open: shown, opacity: s.opacity, visibility: s.visibility,
                          role: d.getAttribute("role"), modal: d.getAttribute("aria-modal"),
                          focus: d.contains(document.activeElement),
                          active: document.activeElement.outerHTML.slice(0, 80)}; }"""
    )
    assert state["open"] and state["opacity"] == "1" and state["visibility"] == "visible", (
        f"the modal is no longer shown once DSFR's script has run (open={state['open']}, "
        f"opacity={state['opacity']}, visibility={state['visibility']})"
    )
    assert state["role"] == "dialog" and state["modal"] == "true", state
    assert state["focus"], f"the focus is not in the modal but on {state['active']}"


def follow_modal_link(page: Page, name: str) -> None:
    """Click the modal's link; when the modal is not shown (a bug the journeys report), follow
    the link's address so the rest of the journey is still checked."""
    link = page.locator(MODAL).get_by_role("link", name=name, include_hidden=True)
    if link.is_visible():
        link.click()
    else:
        page.goto(urljoin(page.url, link.get_attribute("href")))
    page.wait_for_load_state()


# --- Before the wizard ---------------------------------------------------------------------


def open_pour_qui(page: Page, base: str, user: User) -> None:
    login(page, base, user.identifiant)
    main(page).get_by_role("link", name="Je demande ou renouvelle un titre de séjour").click()
    expect(page).to_have_url(f"{base}/espace-personnel/titre-de-sejour/")


def pour_qui(page: Page) -> None:
    tick(page, page.get_by_label("Moi-même (à partir de 16 ans)"))
    tick(page, page.get_by_label("Et je suis titulaire d'un titre de séjour / VLS-TS"))
    click(page, "Je continue")
    expect(h1(page)).to_have_text("Votre situation actuelle")


def situation_renouvellement(page: Page) -> None:
    tick(page, page.get_by_label("Je sollicite le renouvellement de ce titre"))
    click(page, "Je commence")
    expect(page).to_have_url(re.compile(r"/titre-de-sejour/votre-demarche/$"))


def commencer(page: Page, bouton: str) -> None:
    """The preamble's button (« Je commence » or « Je continue »): lands on step 1."""
    click(page, bouton)
    expect(page).to_have_url(re.compile(r"/demandes/\d+/personnel/$"))


def jusqu_a_l_etape_1(page: Page, base: str, user: User, bouton: str) -> None:
    open_pour_qui(page, base, user)
    pour_qui(page)
    situation_renouvellement(page)
    commencer(page, bouton)


# --- Step 1: Informations personnelles -----------------------------------------------------


def personnel(
    page: Page,
    *,
    situation: str = "celibataire",
    en_couple: str = "non",
    conjoint: str | None = None,
    telephone: str = "06 12 34 56 78",
) -> None:
    page.select_option("#id_situation_familiale", situation)
    radio(page, "en_couple", en_couple)
    if conjoint:
        radio(page, "conjoint_nationalite", conjoint)
    radio(page, "enfants_en_france", "non")
    page.locator("#id_numero_voie").fill("18")
    page.locator("#id_voie").fill("Rue de la Monnaie")
    page.locator("#id_code_postal").fill("59000")
    page.locator("#id_ville").fill("Lille")
    page.locator("#id_code_insee").fill("59350")
    page.locator("#id_telephone").fill(telephone)


# --- Step 2: Motif de séjour ---------------------------------------------------------------


def motif_etudiant(page: Page) -> None:
    radio(page, "n1_etudiant_en_france", "oui")
    # The N-1 block shows once « Oui » is checked (anef.js, data-visible-si).
    expect(page.locator("#id_n1_nom_etablissement")).to_be_visible()
    for prefix, niveau in (("n1", "l2"), ("n", "l3")):
        page.select_option(f"#id_{prefix}_type_etablissement", "universite")
        page.locator(f"#id_{prefix}_nom_etablissement").fill("Université de Lille")
        page.select_option(f"#id_{prefix}_cycle", "licence")
        page.select_option(f"#id_{prefix}_niveau", niveau)
        page.locator(f"#id_{prefix}_diplome").fill("Licence de chimie")
        page.select_option(f"#id_{prefix}_discipline", "chimie")
    radio(page, "n1_resultat", "validee")
    radio(page, "n_mobilite_ue", "non")


def attestations(page: Page, *codes: str) -> None:
    for code in codes:
        tick(page, page.locator(f"#id_att_{code}"))


def motif_ase(page: Page, placement: datetime.date) -> None:
    fill_date(page, "date_prise_en_charge", placement)
    radio(page, "enfants_a_charge", "non")
    attestations(page, "polygamie", "sanctions")


# --- Justificatifs -------------------------------------------------------------------------


def piece(page: Page, code: str) -> Locator:
    return page.locator(f"#piece-{code}")


def upload(page: Page, code: str, fichier: dict | None = None) -> None:
    """Choose a file in the item's upload field: the page sends it at once (static/js/anef.js)
    and replaces the item with the server's answer (the file listed, or the reason)."""
    fichier = fichier or png(f"{code}.png")
    item = piece(page, code)
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.request.headers.get("x-anef-fragment") == code
    ):
        item.locator("input[type=file]").set_input_files(fichier)
    # The answer replaces the item: its file field comes back empty.
    expect(piece(page, code).locator("input[type=file]")).to_have_js_property("value", "")


def upload_ok(page: Page, code: str, fichier: dict | None = None) -> None:
    fichier = fichier or png(f"{code}.png")
    upload(page, code, fichier)
    expect(
        piece(page, code).get_by_role("link", name=re.compile(re.escape(fichier["name"])))
    ).to_be_visible()


def confirmer_ephoto(page: Page, code: str = EPHOTO_TYPED) -> None:
    page.locator("#id_ephoto-code").fill(code)
    piece(page, "ephoto").get_by_role("button", name="Confirmer le numéro ephoto").click()
    page.wait_for_load_state()
    expect(piece(page, "ephoto")).to_contain_text(EPHOTO_GROUPED)


# --- Récapitulatif, confirmation -----------------------------------------------------------


def valider_parties(page: Page, nombre: int) -> None:
    """Validate the recap's accordions one by one: each validation opens the next one."""
    accordions = page.locator(".fr-accordion")
    expect(accordions).to_have_count(nombre)
    for index in range(nombre):
        partie = page.locator(f"#partie-{index + 1}")
        expect(partie.get_by_role("button", name=VALIDER_PARTIE)).to_be_visible()
        partie.get_by_role("button", name=VALIDER_PARTIE).click()
        page.wait_for_load_state()
        expect(partie.locator(".fr-badge")).to_have_text("validée")
    expect(main(page).get_by_role("button", name=VALIDER_PARTIE)).to_have_count(0)


def expect_confirmation(page: Page) -> str:
    # The fragment of the last recap action (#partie-N) survives the redirect: not checked.
    expect(page).to_have_url(re.compile(r"/demandes/\d+/confirmation/(#.*)?$"))
    expect(main(page)).to_contain_text("Votre demande a bien été enregistrée")
    numero = page.locator("#numero-demande")
    expect(numero).to_have_text(NUMERO_DEMANDE)
    return numero.inner_text()


def expect_mon_compte_lists(page: Page, base: str, numero: str) -> None:
    page.goto(f"{base}/espace-personnel/mon-compte/")
    row = main(page).get_by_role("row").filter(has_text=numero)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Demande déposée : le")
