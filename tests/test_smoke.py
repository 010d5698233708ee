import pytest

PUBLIC_PAGES = [
    "/",
    "/demarches/",
    "/contact/",
    "/plan-du-site/",
    "/mentions-legales/",
    "/accessibilite/",
    "/compte/connexion/",
    "/compte/creation/",
    "/compte/mot-de-passe-oublie/",
    "/compte/compte-existant/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_render_the_dsfr_layout(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Étrangers en France" in html
    assert "Direction générale des étrangers en France" in html
    assert 'href="#content"' in html  # skip link
    for footer_link in ["Contact", "Plan du site", "Mentions légales", "Accessibilité"]:
        assert footer_link in html
    assert "Se connecter" in html


@pytest.mark.django_db
def test_breadcrumb_says_vous_etes_ici(client):
    html = client.get("/contact/").content.decode()
    assert "Vous êtes ici :" in html


@pytest.mark.django_db
def test_private_pages_redirect_anonymous_to_login(client):
    response = client.get("/espace-personnel/mon-compte/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


@pytest.mark.django_db
def test_server_timing_is_off_unless_a_setting_enables_it(client, settings):
    assert "Server-Timing" not in client.get("/").headers
    settings.SERVER_TIMING = True
    timing = client.get("/").headers["Server-Timing"]
    assert timing.startswith("app;dur=")
    assert float(timing.removeprefix("app;dur=")) >= 0
