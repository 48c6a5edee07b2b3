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


def _tree_memory(parent: psutil.Process) -> tuple[int, int]:
    """(RSS, PSS) bytes summed over ``parent`` and its descendants; PSS is RSS where the kernel
    gives none."""
    rss = pss = 0
    for member in [parent, *parent.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            info = member.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
    return rss, pss


def timed(command: list[str], env: dict[str, str]) -> tuple[float, tuple[float, float], str]:
    """Wall seconds, peak MiB of the process tree (RSS, PSS), stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    peak_rss = peak_pss = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_rss, peak_pss
        parent = psutil.Process(process.pid)
        while not done.is_set():
            with contextlib.suppress(psutil.Error):
                rss, pss = _tree_memory(parent)
                peak_rss = max(peak_rss, rss / 2**20)
                peak_pss = max(peak_pss, pss / 2**20)
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stdout[-3000:]}")
    return time.perf_counter() - started, (peak_rss, peak_pss), stdout


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
                f"{extraction_seconds(out):.1f} | {max(peak[0], peak_again[0]):.0f} | "
                f"{max(peak[1], peak_again[1]):.0f} | {again:.1f} | {again / cold:.1%} |",
                flush=True,
            )

        root = base / "workers"
        if args.workers_pdfs:
            manifest = make_pdf_corpus(root / "corpus", args.workers_n)
        else:
            manifest = make_corpus(root / "corpus", args.workers_n, args.piece_chars)
        seconds = {}
        for workers in (1, 2):
            env = environment(root / f"w{workers}", manifest, EXTRACTION_WORKERS=str(workers))
            _, _, out = timed([*run, "--workers", str(workers)], env)
            seconds[workers] = extraction_seconds(out)
        kind = "PDF reports" if args.workers_pdfs else "documents"
        print(
            f"\nExtraction of {args.workers_n} {kind} (one run, shards in parallel): "
            f"1 worker {seconds[1]:.1f} s, 2 workers {seconds[2]:.1f} s: "
            f"{seconds[1] / seconds[2]:.2f}x"
        )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
