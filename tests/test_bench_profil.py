"""Issue 13: `python -m bench --profile PAGE` counts the templates one request renders."""

import pytest
from django.test import override_settings

from bench import config, profil
from bench.__main__ import parse_args
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_templates_of_one_request_are_counted_by_name(client):
    client.force_login(UserFactory())
    comptes = profil.count_templates(lambda: client.get(config.FLOOR_PATH))
    assert comptes["includes/header.html"] == 1
    assert comptes["includes/footer.html"] == 1
    assert comptes["<string>"] == 1  # the floor's own `{% extends "base.html" %}`
    # Only what the function renders is counted, and counting stops with it.
    assert not profil.count_templates(lambda: None)
    assert client.get(config.FLOOR_PATH).status_code == 200
    assert comptes["includes/header.html"] == 1


def test_profile_is_an_option_of_the_bench_naming_pages():
    args = parse_args(["--profile", "etudiant/motif GET", "--profile", "plancher"])
    assert args.profile == ["etudiant/motif GET", "plancher"]
    assert parse_args([]).profile is None
