"""Scale benchmark of the whole run command: N documents, cold run, no-change refresh, workers.

For each N it builds a corpus of N small real documents (the bundled corpus's text renditions,
cut into report-sized pieces, each made unique by one changed byte), then in a fresh warehouse:

1. a cold ``python -m pipeline.run`` (all documents extracted, checked, built, published);
2. the same again with nothing changed (the no-change refresh);

and, once, extraction alone (``extract_documents`` through the run command's own run, on a fresh
store) with 1 and with 2 workers, to give the 1- vs 2-worker ratio. Each run is a subprocess;
its peak memory is the largest sum over the run's process tree (sampled every 0.2 s), so
workers and dbt count too, both of RSS (a page shared by forked processes counts in each) and of
PSS (proportional set size: a shared page is divided among the processes that share it, so the
sum is what the tree costs the machine; read from ``/proc/<pid>/smaps_rollup``). The marginal
s/document is the extra time of each size over the one before, divided by the extra documents:
a build that grows linearly keeps it flat while the whole run's s/document still falls as its
fixed cost (start-up, suites, dbt, publication) is spread over more documents.

Usage:
    python scripts/benchmark_scale.py [--sizes 10 100 1000] [--workers-n 40] [--piece-chars 1500]
                                      [--workers-pdfs]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "sources" / "corpus"


def pieces(chars: int) -> list[tuple[str, str]]:
    """Report-sized pieces of the bundled text corpus: (document type, text)."""
    manifest = yaml.safe_load((CORPUS / "sources.yaml").read_text(encoding="utf-8"))
    result = []
    for entry in manifest["documents"]:
        text = (CORPUS / entry["file"]).read_text(encoding="utf-8")
        paragraphs = text.split("\n\n")
        current: list[str] = []
        for paragraph in paragraphs:
            current.append(paragraph)
            if sum(len(p) for p in current) >= chars:
                result.append((entry.get("document_type", "article"), "\n\n".join(current)))
                current = []
    return result


def write_manifest(directory: Path, files: list[tuple[str, str]], document_type: str) -> Path:
    """A manifest of ``files`` ((id, file name) pairs) in ``directory``, all of one type."""
    entries = [
        {
            "id": document_id,
            "file": name,
            "title": f"Benchmark {document_id}",
            "publisher": "Benchmark",
            "document_type": document_type,
        }
        for document_id, name in files
    ]
    manifest = directory / "sources.yaml"
    manifest.write_text(yaml.safe_dump({"documents": entries}), encoding="utf-8")
    return manifest


def make_corpus(directory: Path, count: int, chars: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    available = pieces(chars)
    files = []
    for index in range(count):
        _, text = available[index % len(available)]
        name = f"doc-{index:05d}.txt"
        # One changed byte per copy: every document has its own content hash.
        (directory / name).write_text(f"Document {index:05d}\n\n{text}\n", encoding="utf-8")
        files.append((f"doc-{index:05d}", name))
    # Articles: pieces cut from a report break its survey structure (and the raw suites would
    # rightly stop the build); claims and tables are extracted alike.
    return write_manifest(directory, files, "article")


def make_pdf_corpus(directory: Path, count: int) -> Path:
    """``count`` copies of the bundled PDF reports, each with its own trailing comment (its own
    content hash): extraction, not the run's fixed cost, dominates."""
    directory.mkdir(parents=True, exist_ok=True)
    reports = sorted((ROOT / "sources" / "rendered").glob("*.pdf"))
    files = []
    for index in range(count):
        name = f"report-{index:05d}.pdf"
        data = reports[index % len(reports)].read_bytes()
        (directory / name).write_bytes(data + f"%benchmark {index}\n".encode())
        files.append((f"report-{index:05d}", name))
    return write_manifest(directory, files, "survey_report")


def environment(root: Path, manifest: Path, **extra: str) -> dict[str, str]:
    home = root / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    return {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "SOURCES_MANIFEST": str(manifest),
        "WAREHOUSE_PATH": str(root / "warehouse" / "warehouse.duckdb"),
        "PYTHONPATH": str(ROOT),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "GX_ANALYTICS_ENABLED": "false",
        "DAGSTER_DISABLE_TELEMETRY": "true",
        **extra,
    }


def _label(member: psutil.Process) -> str:
    """What a process is, in a few words: its command line without the interpreter's path."""
    words = member.cmdline()
    if words and Path(words[0]).name.startswith("python"):
        words = words[1:]
    return " ".join(words)[:70] or member.name()


def _tree_memory(parent: psutil.Process) -> list[tuple[str, int, int]]:
    """(label, RSS, PSS) of ``parent`` and each descendant; PSS is RSS where the kernel gives
    none."""
    members = []
    for member in [parent, *parent.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            info = member.memory_full_info()
            members.append((_label(member), info.rss, getattr(info, "pss", info.rss)))
    return members


class Peak:
    """Peak memory of a process tree: the largest RSS and PSS sums, and at the PSS peak, each
    process's PSS and the seconds since start (to tell which step and process grew)."""

    def __init__(self) -> None:
        self.rss = self.pss = 0.0
        self.at_seconds = 0.0
        self.pss_by_process: list[tuple[str, float]] = []

    def sample(self, members: list[tuple[str, int, int]], seconds: float) -> None:
        rss = sum(member[1] for member in members) / 2**20
        pss = sum(member[2] for member in members) / 2**20
        self.rss = max(self.rss, rss)
        if pss > self.pss:
            self.pss, self.at_seconds = pss, seconds
            self.pss_by_process = sorted(
                ((label, member_pss / 2**20) for label, _, member_pss in members),
                key=lambda item: -item[1],
            )

    def breakdown(self) -> str:
        parts = "; ".join(f"{pss:.0f} MiB `{label}`" for label, pss in self.pss_by_process[:5])
        return f"{self.pss:.0f} MiB PSS at {self.at_seconds:.0f} s: {parts}"


def timed(command: list[str], env: dict[str, str]) -> tuple[float, Peak, str]:
    """Wall seconds, peak memory of the process tree, stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    peak = Peak()
    done = threading.Event()

    def sample() -> None:
        parent = psutil.Process(process.pid)
        while not done.is_set():
            with contextlib.suppress(psutil.Error):
                peak.sample(_tree_memory(parent), time.perf_counter() - started)
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stdout[-3000:]}")
    return time.perf_counter() - started, peak, stdout


@dataclass(frozen=True)
class ExtractionPhases:
    """Where an extraction run's time goes, from its event log: Dagster's bookkeeping (one
    planned event per raw table and document when the run is created, one materialization per
    raw table and document and one check evaluation per document when it is loaded) and the work
    (the shards extracting in parallel, the load into DuckDB)."""

    planned: float
    shards: float
    load: float
    reporting: float
    events: int

    def line(self) -> str:
        return (
            f"{self.planned:.0f} s planned events, {self.shards:.0f} s shards, "
            f"{self.load:.0f} s load into DuckDB, {self.reporting:.0f} s reporting "
            f"materializations ({self.events:,} events)"
        )


def extraction_phases(dagster_home: Path) -> ExtractionPhases:
    """The phases of the last extraction run of the instance in ``dagster_home``."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        run = next(r for r in instance.get_runs() if r.job_name == "extract_documents")
        records = instance.all_logs(run.run_id)
    first = records[0].timestamp

    def times(step_part: str, *kinds: str) -> list[float]:
        return [
            r.timestamp
            for r in records
            if r.dagster_event
            and r.dagster_event.event_type_value in kinds
            and step_part in (r.step_key or "")
        ]

    started = min(times("", "PIPELINE_START", "RUN_START"), default=first)
    shard_start = times("extract_shard", "STEP_START")
    shard_end = times("extract_shard", "STEP_SUCCESS", "STEP_FAILURE")
    load_start = times(".load", "STEP_START")
    load_end = times(".load", "STEP_SUCCESS", "STEP_FAILURE")
    reported = times(".load", "ASSET_MATERIALIZATION")
    return ExtractionPhases(
        planned=started - first,
        shards=max(shard_end, default=0) - min(shard_start, default=0),
        load=(min(reported, default=0) - min(load_start, default=0)) if reported else 0.0,
        reporting=(max(load_end, default=0) - min(reported)) if reported else 0.0,
        events=len(records),
    )


def extraction_seconds(stdout: str) -> float:
    for line in stdout.splitlines():
        if "extraction run:" in line:
            return float(line.rsplit(",", 1)[1].strip().rstrip("s"))
    raise ValueError("no extraction run in the output")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--workers-n", type=int, default=40, help="documents for 1 vs 2 workers")
    parser.add_argument("--piece-chars", type=int, default=1500)
    parser.add_argument(
        "--workers-pdfs",
        action="store_true",
        help="1 vs 2 workers on copies of the bundled PDF reports instead of text pieces",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    run = [sys.executable, "-m", "pipeline.run"]
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}; "
        f"documents: pieces of ~{args.piece_chars} characters of the bundled text corpus.\n"
    )
    print(
        "| N | cold s | s/document | marginal s/document | extraction s "
        "| peak MiB RSS (process tree) | peak MiB PSS (process tree) | no-change s "
        "| no-change / cold |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    previous: tuple[int, float] | None = None
    breakdowns: list[str] = []
    phases: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="benchmark-scale-"))
    try:
        for size in args.sizes:
            root = base / f"n{size}"
            manifest = make_corpus(root / "corpus", size, args.piece_chars)
            env = environment(root, manifest)
            cold, peak, out = timed(run, env)
            again, peak_again, out_again = timed(run, env)
            assert f"extract: 0 new or changed, {size} unchanged" in out_again, out_again
            marginal = (
                f"{(cold - previous[1]) / (size - previous[0]):.3f}"
                if previous is not None and size > previous[0]
                else "–"
            )
            previous = (size, cold)
            print(
                f"| {size} | {cold:.1f} | {cold / size:.3f} | {marginal} | "
                f"{extraction_seconds(out):.1f} | {max(peak.rss, peak_again.rss):.0f} | "
                f"{max(peak.pss, peak_again.pss):.0f} | {again:.1f} | {again / cold:.1%} |",
                flush=True,
            )
            breakdowns.append(f"- N = {size}, cold run: {peak.breakdown()}")
            phases.append(f"- N = {size}: {extraction_phases(root / 'dagster_home').line()}")
        print("\nThe cold runs' peak PSS by process (largest five):", *breakdowns, sep="\n")
        print("\nThe cold runs' extraction run, phase by phase:", *phases, sep="\n")

        root = base / "workers"
        if args.workers_pdfs:
            manifest = make_pdf_corpus(root / "corpus", args.workers_n)
        else:
            manifest = make_corpus(root / "corpus", args.workers_n, args.piece_chars)
        seconds, shards = {}, {}
        for workers in (1, 2):
            env = environment(root / f"w{workers}", manifest, EXTRACTION_WORKERS=str(workers))
            _, _, out = timed([*run, "--workers", str(workers)], env)
            seconds[workers] = extraction_seconds(out)
            shards[workers] = extraction_phases(root / f"w{workers}" / "dagster_home").shards
        kind = "PDF reports" if args.workers_pdfs else "documents"
        print(
            f"\nExtraction of {args.workers_n} {kind} (one run, shards in parallel): "
            f"1 worker {seconds[1]:.1f} s, 2 workers {seconds[2]:.1f} s: "
            f"{seconds[1] / seconds[2]:.2f}x the whole run; the shards alone "
            f"{shards[1]:.1f} s and {shards[2]:.1f} s: {shards[1] / shards[2]:.2f}x"
        )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
