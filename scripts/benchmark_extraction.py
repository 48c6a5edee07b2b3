"""Benchmark PDF extraction: extract.pdf.read_pdf against bare pdfplumber, page for page.

Every case runs in its own subprocess, so that its peak memory (max RSS) is its own: once with
``read_pdf`` ("ours"), once with bare pdfplumber ``page.extract_text()`` on every page ("bare"),
and once with pypdfium2's text extraction for reference ("pdfium"). Each subprocess times the
best of ``--repeat`` runs, both in CPU time (steadier on a shared machine) and wall time.
The ratio that matters is ours / bare pages per second, measured in the same run.

Usage:
    python scripts/benchmark_extraction.py [--repeat 3] [PDF ...]

Without arguments it reads tests/fixtures/pdfs/*.pdf, the shared real-world fixtures that were
not copied (if present) and sources/rendered/*.pdf (if present). Files that read_pdf refuses
(encrypted, empty, no text layer, ...) are listed and skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GLOBS = [
    (ROOT / "tests" / "fixtures" / "pdfs", "*.pdf"),
    (ROOT.parent / "shared" / "fixtures" / "real-pdfs", "*.pdf"),
    (Path("/work/shared/fixtures/real-pdfs"), "*.pdf"),
    (ROOT / "sources" / "rendered", "*.pdf"),
]
MODES = ("ours", "bare", "pdfium")


def _worker(mode: str, path: str, repeat: int) -> None:
    """Run one case in this process and print a JSON line with its timings and peak memory."""
    import io
    import resource

    sys.path.insert(0, str(ROOT))
    data = Path(path).read_bytes()

    def ours() -> int:
        from extract.pdf import read_pdf

        document = read_pdf(data)
        return document.page_count or 0

    def bare() -> int:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
            return len(pdf.pages)

    def pdfium() -> int:
        import pypdfium2

        document = pypdfium2.PdfDocument(data)
        try:
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
            return len(document)
        finally:
            document.close()

    run = {"ours": ours, "bare": bare, "pdfium": pdfium}[mode]
    # Import what the case needs before measuring, so that the peak above this baseline is the
    # extraction's own (extract.blocks imports pandas and pandera, about 100 MB).
    if mode == "ours":
        import extract.pdf  # noqa: F401
    elif mode == "bare":
        import pdfplumber  # noqa: F401
    else:
        import pypdfium2  # noqa: F401
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    best_cpu = best_wall = float("inf")
    pages = 0
    error = None
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            pages = run()
        except Exception as exc:  # a refused document is reported, not timed
            error = f"{type(exc).__name__}: {exc}"
            break
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "pages": pages,
                "cpu": best_cpu,
                "wall": best_wall,
                "peak_mb": peak_kb / 1024,
                "extra_mb": (peak_kb - baseline_kb) / 1024,
                "error": error,
            }
        )
    )


def _case(mode: str, path: Path, repeat: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--worker", mode, str(path), "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def _files(arguments: list[str]) -> list[Path]:
    if arguments:
        return [Path(a) for a in arguments]
    seen: dict[str, Path] = {}
    for folder, pattern in DEFAULT_GLOBS:
        if folder.is_dir():
            for path in sorted(folder.glob(pattern)):
                seen.setdefault(path.name, path)
    return list(seen.values())


def _rate(pages: float, seconds: float) -> str:
    return f"{pages / seconds:.1f}" if seconds and seconds != float("inf") else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", help="PDF files (default: the fixtures and renders)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (3)")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker[0], args.worker[1], args.repeat)
        return

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}; "
        f"best of {args.repeat} runs per case, one subprocess per case.\n"
    )
    header = (
        "| PDF | pages | ours pages/s (CPU) | bare pdfplumber pages/s (CPU) | ratio ours/bare "
        "(CPU) | ratio (wall) | ours peak MB (+ over imports) | bare peak MB (+ over imports) "
        "| pypdfium2 text pages/s (CPU) |"
    )
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    totals = {mode: [0.0, 0.0] for mode in MODES}  # cpu, wall
    total_pages = 0
    skipped = []
    for path in _files(args.pdfs):
        results = {mode: _case(mode, path, args.repeat) for mode in MODES}
        if results["ours"].get("error"):
            skipped.append(f"{path.name}: {results['ours']['error']}")
            continue
        pages = int(results["ours"]["pages"])
        total_pages += pages
        for mode in MODES:
            if not results[mode].get("error"):
                totals[mode][0] += float(results[mode]["cpu"])
                totals[mode][1] += float(results[mode]["wall"])
        ours, bare, pdfium = results["ours"], results["bare"], results["pdfium"]
        ratio_cpu = bare["cpu"] / ours["cpu"]
        ratio_wall = bare["wall"] / ours["wall"]
        print(
            f"| {path.name} | {pages} | {_rate(pages, ours['cpu'])} | "
            f"{_rate(pages, bare['cpu'])} | {ratio_cpu:.2f} | {ratio_wall:.2f} | "
            f"{ours['peak_mb']:.0f} (+{ours['extra_mb']:.0f}) | "
            f"{bare['peak_mb']:.0f} (+{bare['extra_mb']:.0f}) | "
            f"{_rate(pages, pdfium['cpu']) if not pdfium.get('error') else '-'} |"
        )
    if total_pages:
        ours_cpu, bare_cpu = totals["ours"][0], totals["bare"][0]
        print(
            f"| **all** | {total_pages} | {_rate(total_pages, ours_cpu)} | "
            f"{_rate(total_pages, bare_cpu)} | {bare_cpu / ours_cpu:.2f} | "
            f"{totals['bare'][1] / totals['ours'][1]:.2f} | | | "
            f"{_rate(total_pages, totals['pdfium'][0])} |"
        )
    if skipped:
        print("\nSkipped (read_pdf refuses them, as it should):")
        for line in skipped:
            print(f"- {line}")


if __name__ == "__main__":
    main()
