from unittest import mock

import pytest

from bench import server

# The suite's session teardown closes database connections; a database keeps it simple.
pytestmark = pytest.mark.django_db


def test_the_bench_server_is_started_with_server_timing_on(tmp_path):
    process = mock.Mock(pid=1, returncode=None)
    process.poll.return_value = 0
    with (
        mock.patch.object(server.subprocess, "Popen", return_value=process) as popen,
        mock.patch.object(server, "_answers", return_value=True),
        server.gunicorn(
            {"DEBUG": "false"}, tmp_path / "log", workers=1, worker_class="sync", threads=1
        ),
    ):
        pass
    assert popen.call_args.kwargs["env"]["SERVER_TIMING"] == "true"
