"""`python -m bench`: fresh bench database, gunicorn with production settings, load per
scenario (client-observed and server-side times), SQL queries per page, peak memory of a 10 MB
upload; figures printed and written to bench/results/latest.json."""

import argparse
import datetime
import json
import logging
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import config, data, load, profil, queries, ratios, server, upload
from bench.scenarios import SCENARIOS


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--requests", type=int, default=config.MAX_REQUESTS)
    parser.add_argument("--seconds", type=float, default=config.MAX_SECONDS)
    parser.add_argument("--users", type=int, default=config.USERS, help="concurrent users")
    # 2 cores: 4 sync workers (see docs/benchmarks.md, "Server").
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1, help="gthread only")
    parser.add_argument(
        "--scenario",
        action="append",
        choices=[s.name for s in SCENARIOS],
        help="run only this scenario (repeatable)",
    )
    parser.add_argument(
        "--no-upload", action="store_true", help="skip the 10 MB upload memory measurement"
    )
    parser.add_argument(
        "--samples",
        type=int,
        default=ratios.SAMPLES,
        help="in-process ratio table: requests per page (each followed by one of the floor)",
    )
    parser.add_argument(
        "--ratios-only",
        action="store_true",
        help="only the in-process ratio table (no server, no load, no upload)",
    )
    parser.add_argument(
        "--profile",
        action="append",
        metavar="PAGE",
        help="cProfile of this page of the ratio table, in-process, and nothing else "
        "(repeatable; e.g. 'etudiant/motif GET')",
    )
    parser.add_argument(
        "--upload-only",
        action="store_true",
        help="only the upload measurements (10 MB file, hostile files)",
    )
    return parser.parse_args(argv)


def mark(value, target) -> str:
    if value is None:
        return "n/a"
    return "OK" if value < target else "ABOVE TARGET"


def ms(value) -> str:
    return "n/a" if value is None else f"{value}ms"


def per_floor(rps, floor_rps) -> str:
    return f"{rps / floor_rps:.2f}" if rps and floor_rps else "n/a"


def print_report(report: dict) -> None:
    load_cfg, srv = report["load"], report["server"]
    print()
    threads = f" ({srv['threads']} threads)" if srv["worker_class"] == "gthread" else ""
    print(
        f"gunicorn {srv['workers']} x {srv['worker_class']}{threads}, "
        f"{load_cfg['users']} concurrent users, up to {load_cfg['max_requests']} requests "
        f"or {load_cfg['max_seconds']:g} s per scenario, {report['machine']['cpus']} CPUs "
        f"(load average at start {report['machine']['loadavg_at_start'][0]})"
    )
    header = (
        f"{'scenario':<12} {'requests':>8} {'errors':>6} {'median':>8} {'p95':>8} "
        f"{'p99':>8} {'req/s':>7} {'/floor':>6} {'queries':>7} {'srv med':>8} {'srv p95':>8}"
    )
    floor_rps = next((s["rps"] for s in report["scenarios"] if s["name"] == "plancher"), None)
    print(header)
    print("-" * len(header))
    for s in report["scenarios"]:
        print(
            f"{s['name']:<12} {s['requests']:>8} {s['errors']:>6} {ms(s['median_ms']):>8} "
            f"{ms(s['p95_ms']):>8} {ms(s['p99_ms']):>8} {s['rps']:>7} "
            f"{per_floor(s['rps'], floor_rps):>6} {s['queries']:>7} "
            f"{ms(s['server_median_ms']):>8} {ms(s['server_p95_ms']):>8}"
        )
    print(
        "(median/p95/p99: client-observed, queueing included; /floor: req/s over the floor "
        "page's; srv: Server-Timing, time in Django)"
    )
    print()
    print("Targets:")
    for s in report["scenarios"]:
        side = "server-side" if s["target_side"] == "server" else "client-observed"
        print(
            f"  {s['name']:<12} {side} median < {s['target_median_ms']:g} ms: "
            f"{s['target_median_value']} ms {s['median_status']}; p95 < "
            f"{s['target_p95_ms']:g} ms: {s['target_p95_value']} ms {s['p95_status']}"
        )
        if s["errors"]:
            print(f"  {'':<12} errors: {s['error_kinds']}")
        limit = f" (limit {s['max_queries']}: {s['queries_status']})" if s["max_queries"] else ""
        print(
            f"  {'':<12} {s['queries']} SQL queries{limit}, first request after login "
            f"{s['queries_first_request']}; in-process {s['in_process_median_ms']} ms "
            f"one request at a time"
        )
    up = report.get("upload")
    if up and "error" in up:
        print(f"  {'upload':<12} FAILED: {up['error']}")
    elif up:
        print(
            f"  {'upload':<12} {up['file_bytes']:,} byte PDF, 1 sync worker (pid "
            f"{up['worker_pid']}): VmHWM {up['vmhwm_before_mb']} -> {up['vmhwm_after_mb']} MB, "
            f"peak growth {up['peak_growth_mb']} MB (< {up['target_mb']:g} MB: {up['status']}); "
            f"VmRSS {up['vmrss_before_mb']} -> {up['vmrss_after_mb']} MB; "
            f"request {up['client_ms']} ms (server {up['server_ms']} ms)"
        )
        print(
            f"  {'hostile':<12} {'file':<20} {'page':<14} {'bytes':>10} {'HTTP':>4} "
            f"{'worker peak +MB':>15} {'CPU s (all)':>11} {'child CPU s':>11} {'child MB':>8}"
        )
        for h in up.get("hostiles", []):
            print(
                f"  {'':<12} {h['kind']:<20} {h['page']:<14} {h['file_bytes']:>10,} "
                f"{h['status']:>4} {h['worker_peak_growth_mb']:>15} "
                f"{h['worker_and_child_cpu_s']:>11} {h.get('child_cpu_s', 'n/a'):>11} "
                f"{h.get('child_peak_mb', 'n/a'):>8}"
            )


def main(argv=None) -> int:
    args = parse_args(argv)
    scenarios = [s for s in SCENARIOS if not args.scenario or s.name in args.scenario]
    if args.upload_only:
        scenarios = []
    started = time.monotonic()
    loadavg = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="anef-bench-"))
    env = config.production_env(static_root=workdir / "static", media_root=workdir / "media")
    os.environ.update(env)

    print(f"Recreating database {config.DB_NAME}, migrating, collecting static files…")
    data.recreate_database()
    import django

    logging.disable(logging.INFO)  # in-process only (axes chatter); the server keeps INFO
    django.setup()
    data.migrate_and_collectstatic()
    comptes = data.seed(args.users)
    print(f"Seeded {len(comptes)} accounts with 3 registry documents and a draft request each.")

    if args.profile:
        print(profil.profile(comptes[min(1, len(comptes) - 1)], args.profile))
        shutil.rmtree(workdir, ignore_errors=True)  # only the collected static files
        return 0
    counts = {s.name: queries.measure(s, comptes[0]) for s in scenarios}
    ratio_rows = []
    if not args.upload_only:
        print(f"In-process ratios to the floor ({args.samples} interleaved requests a page)…")
        # The second account: the first one's draft is the load scenarios' reference.
        ratio_rows = ratios.measure(comptes[min(1, len(comptes) - 1)], samples=args.samples)
        ratios.print_table(ratio_rows)
    if args.ratios_only:
        shutil.rmtree(workdir, ignore_errors=True)  # only the collected static files
        return 0
    from django.db import connections

    connections.close_all()

    results = []
    log_path = workdir / "gunicorn.log"
    print(f"Starting gunicorn (log: {log_path})…")
    with server.gunicorn(
        env,
        log_path,
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
    ) as running:
        for scenario in scenarios:
            sessions = [load.Session(running.port, compte) for compte in comptes]
            try:
                if scenario.authenticated:
                    load.log_in_all(sessions)
                print(f"Running {scenario.name} ({scenario.method} {scenario.path})…", flush=True)
                result = load.run(
                    sessions,
                    scenario,
                    max_requests=args.requests,
                    max_seconds=args.seconds,
                    warmup=config.WARMUP_REQUESTS_PER_USER,
                )
            finally:
                for session in sessions:
                    session.close()
            summary = result.summary()
            side = "server_" if scenario.target_side == "server" else ""
            median, p95 = summary[f"{side}median_ms"], summary[f"{side}p95_ms"]
            results.append(
                {
                    "name": scenario.name,
                    "method": scenario.method,
                    "path": scenario.path,
                    "description": scenario.description,
                    "authenticated": scenario.authenticated,
                    **summary,
                    "target_side": scenario.target_side,
                    "target_median_ms": scenario.target_median_ms,
                    "target_p95_ms": scenario.target_p95_ms,
                    "target_median_value": median,
                    "target_p95_value": p95,
                    "median_status": mark(median, scenario.target_median_ms),
                    "p95_status": mark(p95, scenario.target_p95_ms),
                    "max_queries": scenario.max_queries,
                    **counts[scenario.name],
                }
            )

    upload_result = None
    if not args.no_upload:
        print("Measuring the memory of a 10 MB upload (gunicorn, 1 sync worker)…", flush=True)
        try:
            upload_result = upload.measure(env, workdir / "gunicorn-upload.log", comptes[0])
        except Exception as exc:  # reported, and the run fails, but the load figures stay
            upload_result = {"error": f"{type(exc).__name__}: {exc}"}

    report = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            # Other processes on the machine skew the figures: look at this first.
            "loadavg_at_start": [round(x, 2) for x in loadavg],
        },
        "server": {
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads if args.worker_class == "gthread" else 1,
            "settings": env["DJANGO_SETTINGS_MODULE"],
        },
        "load": {
            "users": len(comptes),
            "max_requests": args.requests,
            "max_seconds": args.seconds,
            "warmup_requests_per_user": config.WARMUP_REQUESTS_PER_USER,
        },
        "ratios": ratio_rows,
        "scenarios": results,
        "upload": upload_result,
        "total_seconds": round(time.monotonic() - started, 1),
    }
    if ratio_rows:
        print()
        ratios.print_table(ratio_rows)
    print_report(report)
    config.RESULTS_DIR.mkdir(exist_ok=True)
    out = config.RESULTS_DIR / "latest.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten {out.relative_to(config.BASE_DIR)} in {report['total_seconds']} s total.")
    failed = any(s["errors"] for s in results) or "error" in (upload_result or {})
    if not failed:  # otherwise keep the gunicorn log for a look
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\nInterrupted; gunicorn stopped.", file=sys.stderr)
        sys.exit(130)
