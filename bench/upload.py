"""Peak memory of the web process while it receives a 10 MB upload (issue 4: it is streamed to
a temporary file, then to storage, so the peak should grow by less than 20 MB).

Gunicorn runs with ONE sync worker, so the worker that serves the upload is known: the only
child of the master. VmHWM (peak resident memory since the process started) and VmRSS are read
from /proc/<worker>/status after warming the worker (login, the steps before, the justificatifs
page and a small upload, which load every module the big one needs), then after the 10 MB one.
"""

import time
import uuid
from pathlib import Path

from bench import config, load, server
from tests.justificatifs.echantillons import pdf, pdf_a_taille

PIECE = "domicile"


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
    }
