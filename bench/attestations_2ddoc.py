"""Micro-benchmark of the 2D-DOC encoder and signer: `python -m bench.attestations_2ddoc`.

Times encode + sign (`deuxddoc.build`) of a typical type 13 payload, and separately the
DataMatrix render + read back with zxing-cpp, in milliseconds (median and 95th percentile).
"""

import datetime
import statistics
import time

from attestations import deuxddoc

TYPICAL_FIELDS = {
    "6J": "2",
    "6K": "9201202004012359123",
    "6L": "01042020",
    "6P": "AUTORISE A TRAVAILLER",
    "6Q": "7503120521",
    "62": "SPECIMEN",
    "63": "BERTHIER SPECIMEN",
    "60": "NATACHA/CORINNE",
    "68": "F",
    "69": "12071973",
    "6A": "BUENOS AIRES",
    "6C": "AR",
    "67": "AR",
    "6U": "145 AVENUE DES SPECIMENS",
    "6W": "75000",
    "6X": "PARIS",
    "6M": "ENFANT ENTRE PAR REGROUPEMENT FAMILIAL",
    "6N": "01052020",
    "6O": "30062020",
    "6Y": "FR",
}


def _summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "runs": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 4),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 4),
    }


def bench_deuxddoc(runs: int = 1000) -> dict:
    """Encode + sign a typical payload `runs` times; median and p95 in milliseconds."""
    key = deuxddoc.generate_dev_key()
    header = deuxddoc.Header(
        authority_id="ZZ00",
        certificate_id="0001",
        issue_date=datetime.date(2025, 3, 14),
        signature_date=datetime.date(2025, 3, 14),
    )
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        deuxddoc.build(header, TYPICAL_FIELDS, key)
        samples.append(time.perf_counter() - started)
    return _summary(samples)


def bench_datamatrix(runs: int = 200) -> dict:
    """Render the typical code as a square DataMatrix and read it back with zxing-cpp."""
    import zxingcpp

    key = deuxddoc.generate_dev_key()
    header = deuxddoc.Header(
        authority_id="ZZ00",
        certificate_id="0001",
        issue_date=datetime.date(2025, 3, 14),
        signature_date=datetime.date(2025, 3, 14),
    )
    text = deuxddoc.build(header, TYPICAL_FIELDS, key)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        barcode = zxingcpp.create_barcode(
            text, zxingcpp.BarcodeFormat.DataMatrix, force_square=True
        )
        image = zxingcpp.write_barcode_to_image(barcode, scale=2)
        result = zxingcpp.read_barcode(
            image, formats=zxingcpp.BarcodeFormat.DataMatrix, text_mode=zxingcpp.TextMode.Plain
        )
        samples.append(time.perf_counter() - started)
        if result is None or result.text != text:
            raise RuntimeError("le DataMatrix ne se relit pas à l'identique")
    return _summary(samples)


if __name__ == "__main__":
    print("2D-DOC encode + sign:", bench_deuxddoc())
    print("DataMatrix render + read:", bench_datamatrix())
