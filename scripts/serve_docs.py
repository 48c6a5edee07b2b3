"""`make docs`: the Data Docs and dbt's docs on http://127.0.0.1:<port>, offline.

- ``/data_docs/`` — the Great Expectations suites (``warehouse/data_docs``: plain HTML pages,
  no CDN); a check's ``data_docs`` link in the Dagster UI opens its suite's page here.
- ``/dbt/`` — dbt's documentation site (models, columns, tests, lineage, exposures), generated
  from a copy of the published warehouse as one self-contained page (``dbt docs generate
  --static``), so a running refresh is never blocked and nothing is fetched from the network.

Only the loopback address is served. Stop with Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from pipeline.lib.dbt import DUCKDB_PATH_ENV, dbt_executable  # noqa: E402
from pipeline.lib.paths import DBT_PROJECT_DIR, warehouse_paths  # noqa: E402

LANDING = """<!doctype html><html lang=en><head><meta charset=utf-8><title>Warehouse docs</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:40px}li{margin:8px 0}</style></head>
<body><h1>Survey &amp; Claims Warehouse: documentation</h1><ul>
<li><a href="data_docs/index.html">Data Docs</a>: the latest result of every Great Expectations
suite, failures first</li>
<li><a href="dbt/index.html">dbt docs</a>: models, columns, tests, exposures and lineage</li>
</ul></body></html>"""


def generate_dbt_docs(site: Path) -> bool:
    """dbt's static docs page, built against a copy of the published file."""
    published = warehouse_paths().published
    if not published.exists():
        print(f"[docs] {published} does not exist yet (make run): dbt docs skipped", flush=True)
        return False
    with tempfile.TemporaryDirectory(prefix="dbt-docs-") as scratch:
        copy = Path(scratch) / published.name  # same stem: views name their database
        shutil.copy2(published, copy)
        target = Path(scratch) / "target"
        env = {**os.environ, DUCKDB_PATH_ENV: str(copy), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        print("[docs] dbt docs generate (against a copy of the published warehouse)", flush=True)
        result = subprocess.run(
            [
                dbt_executable(),
                "docs",
                "generate",
                "--static",
                "--quiet",
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(target),
            ],
            cwd=DBT_PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            print(f"[docs] dbt docs generate failed:\n{result.stdout}{result.stderr}", flush=True)
            return False
        site.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target / "static_index.html", site / "index.html")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("DOCS_PORT") or 3080))
    parser.add_argument("--no-dbt", action="store_true", help="serve the Data Docs only")
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="warehouse-docs-"))
    try:
        (root / "index.html").write_text(LANDING, encoding="utf-8")
        data_docs = warehouse_paths().data_docs_dir
        data_docs.mkdir(parents=True, exist_ok=True)
        (root / "data_docs").symlink_to(data_docs, target_is_directory=True)
        if not args.no_dbt:
            generate_dbt_docs(root / "dbt")
        handler = functools.partial(_QuietHandler, directory=str(root))
        with ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
            print(f"[docs] http://127.0.0.1:{args.port}/ (Ctrl-C to stop)", flush=True)
            print(f"[docs]   Data Docs: http://127.0.0.1:{args.port}/data_docs/index.html")
            print(f"[docs]   dbt docs:  http://127.0.0.1:{args.port}/dbt/index.html", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                server.serve_forever()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    sys.exit(main())
