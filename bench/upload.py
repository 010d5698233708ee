"""Peak memory of the web process while it receives a 10 MB upload (issue 4: it is streamed to
a temporary file, then to storage, so the peak should grow by less than 20 MB), and what each
hostile file of the corpus (tests/justificatifs/echantillons.py) costs (issue 9: at most 100 MB
above the worker's baseline and 2 s of CPU per upload, whatever the file).

Gunicorn runs with ONE sync worker, so the worker that serves the upload is known: the only
child of the master. VmHWM (peak resident memory since the process started) and VmRSS are read
from /proc/<worker>/status after warming the worker (login, the steps before, the justificatifs
page and a small upload, which load every module the big one needs), then after the 10 MB one.
"""

import os
import re
import time
import uuid
from pathlib import Path

from bench import config, load, server
from tests.justificatifs import echantillons
from tests.justificatifs.echantillons import pdf, pdf_a_taille

PIECE = "domicile"
# The hostile files go to another item: three of them are accepted (links removed, damaged xref),
# and an item takes 3 files, domicile already holding the two of the memory measurement.
PIECE_HOSTILES = "certificat_inscription"


# Hostile files (kind -> (file name, builder)), sent to the Justificatifs step, then to the
# public verification page (anonymous).
HOSTILES = {
    "png_7000x7000": ("plan.png", lambda: echantillons.png_reel(7000, 7000)),
    "jpeg_12000x12000": ("photo.jpg", lambda: echantillons.jpeg_geant(12000, 12000)),
    "pdf_180000_objets": ("scan.pdf", lambda: echantillons.pdf_objets(180_000)),
    # Accepted since links are removed rather than refused: the child rewrites it.
    "pdf_lien_gotor_unc": ("lien.pdf", lambda: echantillons.pdf_action("GoToR")),
    "pdf_lien_9_mo": ("releve.pdf", echantillons.pdf_lien_lourd),
    "pdf_xref_decale": ("scan_abime.pdf", echantillons.pdf_xref_decale),
}
VERIFICATION = "/attestations/verifier/"
SANDBOX_LOG = re.compile(rb"sandbox (\S+): exit (\S+), ([0-9.]+) s CPU, ([0-9]+) MB peak")


def multipart(fields: dict[str, str], name: str, filename: str, content: bytes):
    boundary = f"bench{uuid.uuid4().hex}"
    parts = []
    for key, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{key}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
    )
    parts += [content, f"\r\n--{boundary}--\r\n".encode()]
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def memory_kb(pid: int) -> dict[str, int]:
    """VmHWM and VmRSS of a process, in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmHWM", "VmRSS"}:
            values[key] = int(value.split()[0])
    return values


def upload(session: load.Session, path: str, content: bytes, filename: str):
    token = session.csrf_token(path)
    body, content_type = multipart(
        {"csrfmiddlewaretoken": token, "action": "ajouter", "piece": PIECE},
        "fichier",
        filename,
        content,
    )
    began = time.perf_counter()
    status, response, _ = session.request(
        "POST", path, body=body, headers=session.form_headers(path, content_type)
    )
    elapsed_ms = (time.perf_counter() - began) * 1000
    location = response.getheader("Location", "")
    if status != 302 or f"#piece-{PIECE}" not in location:
        raise RuntimeError(f"upload of {len(content)} bytes: status {status} -> {location!r}")
    return elapsed_ms, load.server_ms(response)


def measure(env: dict[str, str], log_path: Path, compte) -> dict:
    from justificatifs.validation import TAILLE_MAX
    from tests.demandes import parcours

    big = pdf_a_taille(TAILLE_MAX)  # 10 MiB: the largest file accepted
    small = pdf(rembourrage=2000)
    base = f"/espace-personnel/demandes/{compte.demande}"
    justificatifs = f"{base}/justificatifs/"
    with server.gunicorn(env, log_path, workers=1, worker_class="sync", threads=1) as running:
        (worker,) = server.workers(running.pid)
        session = load.Session(running.port, compte)
        try:
            session.login(compte.identifiant, config.PASSWORD)
            # Steps 2 and 3, so that the justificatifs step is reachable (step 1 is seeded).
            for etape, data in (
                ("motif", parcours.MOTIF_ETUDIANT),
                ("ressources", parcours.ressources(("salarie", 900))),
            ):
                status, response, _ = session.post_form(f"{base}/{etape}/", data)
                if status != 302:
                    raise RuntimeError(f"step {etape}: status {status}")
            for _ in range(config.UPLOAD_WARMUP_REQUESTS):
                session.request("GET", justificatifs)
            upload(session, justificatifs, small, "petit.pdf")
            session.request("GET", justificatifs)
            before = memory_kb(worker)
            elapsed_ms, server_time = upload(session, justificatifs, big, "domicile.pdf")
            after = memory_kb(worker)
            hostiles = _hostiles_mesurer(running.port, worker, log_path, session, justificatifs)
        finally:
            session.close()
        if server.workers(running.pid) != [worker]:
            raise RuntimeError("the gunicorn worker was replaced during the upload measurement")
    growth_mb = (after["VmHWM"] - before["VmHWM"]) / 1024
    return {
        "file_bytes": len(big),
        "worker_pid": worker,
        "vmhwm_before_mb": round(before["VmHWM"] / 1024, 1),
        "vmhwm_after_mb": round(after["VmHWM"] / 1024, 1),
        "vmrss_before_mb": round(before["VmRSS"] / 1024, 1),
        "vmrss_after_mb": round(after["VmRSS"] / 1024, 1),
        "peak_growth_mb": round(growth_mb, 1),
        "rss_growth_mb": round((after["VmRSS"] - before["VmRSS"]) / 1024, 1),
        "target_mb": config.TARGET_UPLOAD_PEAK_GROWTH_MB,
        "status": "OK" if growth_mb < config.TARGET_UPLOAD_PEAK_GROWTH_MB else "ABOVE",
        "client_ms": round(elapsed_ms, 1),
        "server_ms": server_time,
        "hostiles": hostiles,
    }


def cpu_s(pid: int) -> float:
    """CPU time of a process and of its waited-for children (utime, stime, cutime, cstime)."""
    champs = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(valeur) for valeur in champs[11:15]) / os.sysconf("SC_CLK_TCK")


def _dernier_controle(log_path: Path, debut: int) -> dict:
    """The child process's figures logged by anef.sandbox since `debut` (bytes of the log)."""
    with open(log_path, "rb") as log:
        log.seek(debut)
        lignes = SANDBOX_LOG.findall(log.read())
    if not lignes:
        return {}
    module, code, cpu, peak = lignes[-1]
    return {"child_exit": code.decode(), "child_cpu_s": float(cpu), "child_peak_mb": int(peak)}


def _hostiles_mesurer(port, worker, log_path, session, justificatifs) -> list[dict]:
    """Send each hostile file to the Justificatifs step and to the verification page; per file:
    the status, the worker's peak memory above its baseline (VmHWM, before the first one), the
    CPU of the worker and its child, and the child's own CPU and peak (from the server's log)."""
    base = memory_kb(worker)["VmHWM"]
    anonyme = load.Session(port)
    mesures = []
    try:
        for kind, (filename, builder) in HOSTILES.items():
            content = builder()
            for page, client, path, fields in (
                (
                    "justificatifs",
                    session,
                    justificatifs,
                    {"action": "ajouter", "piece": PIECE_HOSTILES},
                ),
                ("verification", anonyme, VERIFICATION, {}),
            ):
                token = client.csrf_token(path)
                body, content_type = multipart(
                    {"csrfmiddlewaretoken": token, **fields}, "fichier", filename, content
                )
                debut_log = log_path.stat().st_size
                cpu_avant = cpu_s(worker)
                began = time.perf_counter()
                status, _response, _ = client.request(
                    "POST", path, body=body, headers=client.form_headers(path, content_type)
                )
                mesures.append(
                    {
                        "kind": kind,
                        "page": page,
                        "file_bytes": len(content),
                        "status": status,
                        "client_ms": round((time.perf_counter() - began) * 1000, 1),
                        "worker_peak_growth_mb": round(
                            (memory_kb(worker)["VmHWM"] - base) / 1024, 1
                        ),
                        "worker_and_child_cpu_s": round(cpu_s(worker) - cpu_avant, 2),
                        **_dernier_controle(log_path, debut_log),
                    }
                )
    finally:
        anonyme.close()
    return mesures
