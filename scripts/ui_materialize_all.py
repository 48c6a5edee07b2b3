"""Time "Materialize all" through the Dagster UI's own API against the run command.

In a scratch folder (its own instance, warehouse and store; the manifest is SOURCES_MANIFEST or
the bundled corpus):

1. ``python -m pipeline.run`` (a cold build), then ``python -m pipeline.run --force``, timed;
2. ``dagster dev`` on a free port of 127.0.0.1 (webserver and daemon, as ``make dev``);
3. "Materialize all" as the UI launches it — GraphQL ``launchPartitionBackfill`` with every asset
   and all partitions — with nothing changed, then forced (backfill tag ``warehouse/force=true``);
   each waits until the backfill is done and checks that every run succeeded and that dbt and
   publication ran;
4. prints the times, and for every run of a backfill its wait before the first step and its
   steps longer than a second (from the UI's API), and the forced ratio (UI forced /
   ``pipeline.run --force``).

    python scripts/ui_materialize_all.py [--keep]        (or: make ui-timing)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

LAUNCH = """
mutation Launch($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
    ... on InvalidSubsetError { message }
    ... on UnauthorizedError { message }
  }
}"""

BACKFILL = """
query Backfill($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    __typename
    ... on PartitionBackfill {
      status
      runs(limit: 100) { runId jobName status startTime endTime }
    }
    ... on PythonError { message }
  }
}"""

RUN_STEPS = """
query Steps($id: ID!) {
  runOrError(runId: $id) {
    ... on Run { startTime endTime stepStats { stepKey startTime endTime } }
  }
}"""

ASSETS = "{ assetNodes { assetKey { path } isMaterializable } }"

PUBLISHED_EVENTS = """
query Published {
  assetOrError(assetKey: {path: ["warehouse", "published"]}) {
    ... on Asset { assetMaterializations(limit: 5) { runId timestamp } }
  }
}"""


def say(message: str) -> None:
    print(f"[ui-timing] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def graphql(port: int, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.loads(response.read())
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body["data"]


def run_command(env: dict, *args: str) -> float:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.run", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(f"pipeline.run {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return seconds


def materialize_all(port: int, asset_keys: list, tags: list[dict]) -> tuple[float, dict]:
    started = time.monotonic()
    params = {"assetSelection": asset_keys, "allPartitions": True, "tags": tags}
    launched = graphql(port, LAUNCH, {"params": params})["launchPartitionBackfill"]
    if launched["__typename"] != "LaunchBackfillSuccess":
        raise SystemExit(f"launch failed: {launched}")
    backfill_id = launched["backfillId"]
    while True:
        time.sleep(2)
        backfill = graphql(port, BACKFILL, {"id": backfill_id})["partitionBackfillOrError"]
        if backfill["status"] not in ("REQUESTED", "CANCELING", "FAILING"):
            break
    seconds = time.monotonic() - started
    runs = backfill.get("runs") or []
    last_end = max((r["endTime"] or 0 for r in runs), default=0)
    first_start = min((r["startTime"] or 0 for r in runs), default=0)
    return seconds, {
        "backfill": backfill_id,
        "status": backfill["status"],
        "runs": [(r["jobName"], r["status"]) for r in runs],
        "run_ids": [r["runId"] for r in sorted(runs, key=lambda r: r["startTime"] or 0)],
        "runs_wall_seconds": round(last_end - first_start, 1) if runs else None,
    }


def say_where_the_time_went(port: int, run_ids: list[str]) -> None:
    """Per run: the wait from its start to its first step (the run's process loading the
    definitions, a fork server starting) and every step longer than a second."""
    for run_id in run_ids:
        run = graphql(port, RUN_STEPS, {"id": run_id})["runOrError"]
        steps = [s for s in run.get("stepStats") or [] if s["startTime"] and s["endTime"]]
        if not steps or not run.get("startTime"):
            continue
        first = min(s["startTime"] for s in steps) - run["startTime"]
        long = ", ".join(
            f"{s['stepKey']} {s['endTime'] - s['startTime']:.0f}s"
            for s in steps
            if s["endTime"] - s["startTime"] >= 1
        )
        total = (run["endTime"] or run["startTime"]) - run["startTime"]
        say(f"    run {run_id[:8]}: {total:.0f}s, {first:.0f}s before its first step; {long}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--manifest", default=os.environ.get("SOURCES_MANIFEST"))
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="ui-materialize-all-"))
    dagster_home = root / "dagster_home"
    dagster_home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster_home" / "dagster.yaml", dagster_home / "dagster.yaml")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(dagster_home),
        "WAREHOUSE_PATH": str(root / "warehouse" / "warehouse.duckdb"),
        "PYTHONPATH": str(PROJECT_ROOT),
        # dagster-dbt runs the dbt beside this interpreter, also when called without `make`.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "GX_ANALYTICS_ENABLED": "false",
        "DAGSTER_DISABLE_TELEMETRY": "true",
    }
    if args.manifest:
        env["SOURCES_MANIFEST"] = str(Path(args.manifest).resolve())
    say(f"scratch folder {root}")
    server = None
    try:
        say("pipeline.run (cold build) …")
        cold = run_command(env)
        say(f"  {cold:.0f}s")
        say("pipeline.run --force …")
        forced_cli = run_command(env, "--force")
        say(f"  {forced_cli:.0f}s")

        port = free_port()
        say(f"dagster dev on http://127.0.0.1:{port} …")
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "dagster"),
                "dev",
                "-w",
                "workspace.yaml",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=open(root / "dagster_dev.log", "w"),  # noqa: SIM115 - closed with the process
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 300
        while True:
            try:
                nodes = graphql(port, ASSETS)["assetNodes"]
            except Exception:
                nodes = []
            if nodes:
                break
            # A code location that fails to load serves no assets: stop rather than wait forever.
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(
                    f"dagster dev did not serve the assets: see {root / 'dagster_dev.log'}"
                )
            time.sleep(2)
        keys = [{"path": n["assetKey"]["path"]} for n in nodes if n["isMaterializable"]]
        say(f"  {len(keys)} assets")

        results = {}
        for label, tags in (
            ("unchanged", []),
            ("forced", [{"key": "warehouse/force", "value": "true"}]),
        ):
            say(f'"Materialize all", {label} …')
            seconds, detail = materialize_all(port, keys, tags)
            ok = detail["status"] in ("COMPLETED", "COMPLETED_SUCCESS") and all(
                status == "SUCCESS" for _, status in detail["runs"]
            )
            say(
                f"  {seconds:.0f}s, backfill {detail['status']}, runs "
                + ", ".join(f"{job} {status}" for job, status in detail["runs"])
                + f" (first run start to last run end: {detail['runs_wall_seconds']}s)"
            )
            say_where_the_time_went(port, detail["run_ids"])
            results[label] = (seconds, ok, detail)
        published = graphql(port, PUBLISHED_EVENTS)["assetOrError"]["assetMaterializations"]
        say(f"warehouse/published materializations: {len(published)}")

        forced_ui = results["forced"][0]
        say(f"pipeline.run --force: {forced_cli:.0f}s")
        say(f"UI Materialize all, unchanged: {results['unchanged'][0]:.0f}s")
        say(f"UI Materialize all, forced: {forced_ui:.0f}s")
        say(f"ratio forced UI / pipeline.run --force: {forced_ui / forced_cli:.2f}")
        both_ok = results["unchanged"][1] and results["forced"][1]
        say("both succeeded" if both_ok else "a backfill did not succeed")
        return 0 if both_ok else 1
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
