"""`python -m bench.attestations_rendu`: micro-benchmark of the attestation PDFs.

- 2D-DOC encode + sign (target < 10 ms);
- 50 warm renders of a deposit confirmation with its 2D-DOC and MRZ: median (< 250 ms) and
  p95 (< 500 ms);
- resident memory over 500 consecutive renders in one process, read from /proc/self/status
  (target < 400 MiB; workers are recycled past CELERY_WORKER_MAX_MEMORY_PER_CHILD).

No database is touched: the attestation data is built in memory (an ADF of a
renewal). Uses
the test settings (development key in a temporary directory) unless DJANGO_SETTINGS_MODULE
says otherwise.
"""

import argparse
import datetime
import os
import statistics
import time


def rss_kib(champ: str = "VmRSS") -> int:
    with open("/proc/self/status") as status:
        for ligne in status:
            if ligne.startswith(champ + ":"):
                return int(ligne.split()[1])
    return 0


def donnees_exemple() -> dict:
    return {
        "type": "depot",
        "titre": ["CONFIRMATION DU DÉPÔT", "D'UNE DEMANDE DE RENOUVELLEMENT DE TITRE DE SÉJOUR"],
        "references": [
            ["Identifiant (N° étranger)", "5903007178"],
            ["N° de la demande", "5901202308180000190"],
            ["DATE D'ÉMISSION", "18/08/2023"],
        ],
        "encadre": "",
        "etat_civil": [
            ["Nom de naissance", "ETRANGER"],
            ["Prénom(s)", "SEPT"],
            ["Né(e) le", "01/07/2006"],
            ["À", "BRASILIA, BRÉSIL"],
            ["Nationalité", "BRÉSILIENNE"],
            ["Adresse", "20 RUE NATIONALE 59000 LILLE FRANCE"],
        ],
        "paragraphes": [
            {
                "texte": "Le 18/08/2023, vous avez déposé avec succès une demande de titre de "
                "séjour qui sera examinée par la préfecture compétente.",
                "gras": False,
            },
            {"texte": "Ce document constitue la preuve de dépôt de votre demande.", "gras": True},
        ],
        "champs_2ddoc": {
            "6J": "1",
            "6K": "5901202308180000190",
            "6L": "18082023",
            "6P": "",
            "6Q": "5903007178",
            "62": "ETRANGER",
            "63": "ETRANGER",
            "60": "SEPT",
            "68": "M",
            "69": "01072006",
            "6A": "BRASILIA",
            "6C": "BR",
            "67": "BR",
            "6U": "20 RUE NATIONALE",
            "6W": "59000",
            "6X": "LILLE",
            "6Y": "FR",
        },
        "mrz": {
            "nature": "DEP",
            "identifiant": "5903007178",
            "numero_demande": "5901202308180000190",
            "nom": "ETRANGER",
            "prenoms": "SEPT",
            "date_naissance": "060701",
            "nationalite": "BRA",
            "fin_validite": None,
        },
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.attestations_rendu")
    parser.add_argument("--rendus", type=int, default=50)
    parser.add_argument("--memoire", type=int, default=500)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anef.settings.test")
    import django

    django.setup()
    from django.utils import timezone

    from attestations import cles, deuxddoc, mrz, services
    from attestations.models import Attestation

    donnees = donnees_exemple()
    attestation = Attestation(emise_le=datetime.date(2023, 8, 18), donnees=donnees)
    signataire = cles.signataire()
    entete = deuxddoc.Header(
        signataire.autorite, signataire.certificat, attestation.emise_le, timezone.localdate()
    )

    signatures = []
    for _ in range(200):
        debut = time.perf_counter()
        deuxddoc.build(entete, donnees["champs_2ddoc"], signataire.cle)
        signatures.append((time.perf_counter() - debut) * 1000)

    def rendre() -> bytes:
        texte = services.deuxddoc_construire(attestation, signe_le=timezone.localdate())
        return services.attestation_pdf(
            donnees, texte_2ddoc=texte, lignes_mrz=mrz.mrz_lines(**donnees["mrz"])
        )

    for _ in range(5):
        rendre()
    durees = []
    for _ in range(args.rendus):
        debut = time.perf_counter()
        rendre()
        durees.append((time.perf_counter() - debut) * 1000)
    durees.sort()
    p95 = durees[max(0, int(len(durees) * 0.95) - 1)]

    rss_debut = rss_kib()
    for _ in range(args.memoire):
        rendre()
    rss_fin, pic = rss_kib(), rss_kib("VmHWM")

    def verdict(valeur, cible):
        return "OK" if valeur < cible else "AU-DESSUS DE LA CIBLE"

    mediane_sig = statistics.median(signatures)
    mediane = statistics.median(durees)
    print(f"2D-DOC encode+signe : médiane {mediane_sig:.2f} ms ({verdict(mediane_sig, 10)})")
    print(
        f"Rendu confirmation  : médiane {mediane:.0f} ms ({verdict(mediane, 250)}), "
        f"p95 {p95:.0f} ms ({verdict(p95, 500)}) sur {args.rendus} rendus à chaud"
    )
    print(
        f"Mémoire             : RSS {rss_debut / 1024:.0f} → {rss_fin / 1024:.0f} MiB après "
        f"{args.memoire} rendus, pic {pic / 1024:.0f} MiB ({verdict(pic / 1024, 400)})"
    )


if __name__ == "__main__":
    main()
