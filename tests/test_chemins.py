"""The suite and the benchmarks read only files of the repository: no machine path."""

import re
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
# Built from parts so that this file does not match itself.
CHEMIN_MACHINE = re.compile("|".join([r"/" + "work/", r"\.\./" + "shared", r"/" + "home/"]))


def test_tests_and_bench_read_no_path_outside_the_repository():
    fautifs = [
        f"{chemin.relative_to(RACINE)}:{numero}"
        for dossier in ("tests", "bench")
        for chemin in sorted((RACINE / dossier).rglob("*.py"))
        for numero, ligne in enumerate(chemin.read_text().splitlines(), 1)
        if CHEMIN_MACHINE.search(ligne)
    ]
    assert fautifs == []


def test_the_ants_specimen_is_vendored_with_the_tests():
    specimen = RACINE / "tests" / "attestations" / "specimen"
    assert (specimen / "type13-adp-specimen.txt").read_bytes().startswith(b"DC04")
    assert b"BEGIN CERTIFICATE" in (specimen / "ants-test-certificate-FR00-0001.pem").read_bytes()
