"""`python -m bench`: fresh bench database, gunicorn with production settings, load per
scenario, SQL queries per page; figures printed and written to bench/results/latest.json."""

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

from bench import config, data, load, queries, server
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
    return parser.parse_args(argv)


def mark(value, target) -> str:
    if value is None:
        return "n/a"
    return "OK" if value < target else "ABOVE TARGET"


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
        f"{'p99':>8} {'req/s':>7} {'queries':>7}"
    )
    print(header)
    print("-" * len(header))
    for s in report["scenarios"]:
        print(
            f"{s['name']:<12} {s['requests']:>8} {s['errors']:>6} {s['median_ms']:>6}ms "
            f"{s['p95_ms']:>6}ms {s['p99_ms']:>6}ms {s['rps']:>7} {s['queries']:>7}"
        )
    print()
    targets = report["targets"]
    print(f"Targets: median < {targets['median_ms']:g} ms, p95 < {targets['p95_ms']:g} ms")
    for s in report["scenarios"]:
        print(
            f"  {s['name']:<12} median {s['median_ms']} ms {s['median_status']:<13}"
            f"p95 {s['p95_ms']} ms {s['p95_status']}"
        )
        if s["errors"]:
            print(f"  {'':<12} errors: {s['error_kinds']}")
        print(
            f"  {'':<12} {s['queries']} SQL queries (first request after login: "
            f"{s['queries_first_request']}), in-process {s['in_process_median_ms']} ms "
            f"one request at a time"
        )


def main(argv=None) -> int:
    args = parse_args(argv)
    scenarios = [s for s in SCENARIOS if not args.scenario or s.name in args.scenario]
    started = time.monotonic()
    loadavg = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="anef-bench-"))
    env = config.production_env(static_root=workdir / "static")
    os.environ.update(env)

    print(f"Recreating database {config.DB_NAME}, migrating, collecting static files…")
    data.recreate_database()
    import django

    logging.disable(logging.INFO)  # in-process only (axes chatter); the server keeps INFO
    django.setup()
    data.migrate_and_collectstatic()
    identifiants = data.seed(args.users)
    print(f"Seeded {len(identifiants)} accounts with 3 registry documents each.")

    counts = {s.name: queries.measure(s, identifiants[0]) for s in scenarios}
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
    ) as port:
        for scenario in scenarios:
            sessions = [load.Session(port) for _ in identifiants[: args.users]]
            try:
                if scenario.authenticated:
                    load.log_in_all(sessions, identifiants[: args.users])
                print(f"Running {scenario.name} ({scenario.path})…", flush=True)
                result = load.run(
                    sessions,
                    scenario.path,
                    max_requests=args.requests,
                    max_seconds=args.seconds,
                    warmup=config.WARMUP_REQUESTS_PER_USER,
                )
            finally:
                for session in sessions:
                    session.close()
            summary = result.summary()
            results.append(
                {
                    "name": scenario.name,
                    "path": scenario.path,
                    "description": scenario.description,
                    "authenticated": scenario.authenticated,
                    **summary,
                    "median_status": mark(summary["median_ms"], config.TARGET_MEDIAN_MS),
                    "p95_status": mark(summary["p95_ms"], config.TARGET_P95_MS),
                    **counts[scenario.name],
                }
            )

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
            "users": min(args.users, len(identifiants)),
            "max_requests": args.requests,
            "max_seconds": args.seconds,
            "warmup_requests_per_user": config.WARMUP_REQUESTS_PER_USER,
        },
        "targets": {"median_ms": config.TARGET_MEDIAN_MS, "p95_ms": config.TARGET_P95_MS},
        "scenarios": results,
        "total_seconds": round(time.monotonic() - started, 1),
    }
    print_report(report)
    config.RESULTS_DIR.mkdir(exist_ok=True)
    out = config.RESULTS_DIR / "latest.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten {out.relative_to(config.BASE_DIR)} in {report['total_seconds']} s total.")
    failed = any(s["errors"] for s in results)
    if not failed:  # otherwise keep the gunicorn log for a look
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\nInterrupted; gunicorn stopped.", file=sys.stderr)
        sys.exit(130)
