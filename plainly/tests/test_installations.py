"""The report of a failed test that served a site: what the site logged as errors."""

from plainly.testing.installations import errors_in

LOG = """\
[INFO] Starting granian (main PID: 1)
2026-12-06 07:03:45,050 INFO plainly.access [a1] GET /healthz 200
2026-12-06 07:03:46,000 ERROR django.request [a2] Internal Server Error: /admin/pages/add/
Traceback (most recent call last):
  File "views.py", line 3, in publish
    save()
django.db.utils.IntegrityError: duplicate key value violates unique constraint
2026-12-06 07:03:46,100 INFO plainly.access [a2] POST /admin/pages/add/ 500
[WARNING] Killing worker-1 after it refused to gracefully stop
"""


def test_the_report_names_the_error_with_its_traceback_and_nothing_else():
    errors = errors_in(LOG)
    assert errors.splitlines()[0].endswith("Internal Server Error: /admin/pages/add/")
    assert errors.splitlines()[-1].startswith("django.db.utils.IntegrityError")
    assert "GET /healthz" not in errors and "POST /admin" not in errors
    assert "Killing worker" not in errors


def test_a_long_traceback_keeps_its_end_and_only_the_last_errors_are_kept():
    frames = "\n".join(f'  File "f{n}.py", line 1' for n in range(100))
    log = "".join(
        f"2026-12-06 07:00:0{n},000 ERROR django.request [r] Error {n}\n"
        f"Traceback (most recent call last):\n{frames}\nValueError: {n}\n"
        for n in range(5)
    )
    errors = errors_in(log, limit=2)
    assert [line for line in errors.splitlines() if "ERROR" in line] == [
        "2026-12-06 07:00:03,000 ERROR django.request [r] Error 3",
        "2026-12-06 07:00:04,000 ERROR django.request [r] Error 4",
    ]
    assert errors.splitlines()[-1] == "ValueError: 4"
    assert len(errors.splitlines()) < 70


def test_a_log_without_errors_reports_nothing():
    assert errors_in(LOG.replace(" ERROR ", " INFO ")) == ""
