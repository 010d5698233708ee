"""`python -m bench --profile PAGE`: cProfile of one page of the ratio table (bench/ratios.py),
in-process, on the same account and draft, with the template count of one request: where a
page's time goes, before changing anything (issue 13)."""

import cProfile
import io
import logging
import pstats
from collections import Counter

from bench import config, ratios

REQUESTS = 50
TOP = 25


def count_templates(send) -> Counter:
    """Templates rendered by one request, by name (Template.render is each render's entry)."""
    from django.template.base import Template

    counts = Counter()
    original = Template.render

    def counting(self, context):
        counts[self.name or "<string>"] += 1
        return original(self, context)

    Template.render = counting
    try:
        send()
    finally:
        Template.render = original
    return counts


def profile(compte, names: list[str], requests: int = REQUESTS) -> str:
    from django.test import Client

    from accounts.models import User

    user = User.objects.get(identifiant=compte.identifiant)
    logged = Client(SERVER_NAME=config.HOST)
    logged.force_login(user)
    anonymous = Client(SERVER_NAME=config.HOST)
    ratios.remplir(logged, compte.demande)
    every = {page.name: page for page in ratios.pages(compte.demande)}
    every["plancher"] = ratios.Page("plancher", config.FLOOR_PATH, 1.0)
    out = io.StringIO()
    logging.disable(logging.WARNING)  # the 400 of every refused POST
    for name in names:
        page = every.get(name)
        if page is None:
            raise SystemExit(f"unknown page {name!r}; pages: {', '.join(every)}")
        client = anonymous if page.anonymous else logged
        if page.method == "POST":

            def send(page=page, client=client):
                return client.post(page.path, page.data)
        else:

            def send(page=page, client=client):
                return client.get(page.path)

        for _ in range(ratios.WARMUP):
            send()
        templates = count_templates(send)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            send()
        profiler.disable()
        print(f"== {name}: {requests} requests", file=out)
        print(
            f"templates rendered by one request: {sum(templates.values())} "
            f"({len(templates)} distinct)",
            file=out,
        )
        for template, count in templates.most_common(12):
            print(f"  {count:>4}  {template}", file=out)
        config.RESULTS_DIR.mkdir(exist_ok=True)
        dump = config.RESULTS_DIR / f"{name.replace('/', '-').replace(' ', '-')}.prof"
        profiler.dump_stats(dump)
        print(f"(cProfile data: {dump.relative_to(config.BASE_DIR)})", file=out)
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(TOP)
        stats.sort_stats("tottime").print_stats(TOP)
    logging.disable(logging.INFO)
    return out.getvalue()
