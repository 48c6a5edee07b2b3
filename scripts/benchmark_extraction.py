"""Benchmark PDF extraction: the whole extraction of a document against bare pdfplumber.

Every case runs in its own subprocess, so that its peak memory (max RSS) is its own: once with
``extract.extract_document`` and the default settings, as the pipeline runs it ("full": limits
checked, the reader in a forked child, blocks, table cells, claims, links and survey structure,
each frame validated), once with ``extract.pdf.read_pdf`` alone ("read_pdf"), once with bare
pdfplumber ``page.extract_text()`` on every page ("bare"), and once with pypdfium2's text
extraction for reference ("pdfium"). Each subprocess times the best of ``--repeat`` runs, in
CPU time (its own and its children's: "full" reads in a forked child; steadier on a shared
machine) and in wall time. The ratio that matters is bare / full time (full extraction pages per
second over bare pdfplumber's), measured in the same run.

With ``--baseline DIR`` (another checkout of this project, e.g. from ``git worktree add``), each
PDF's full extraction is run again with that checkout's ``extract`` package right after this
one's, and the table adds the ratio of the two. The machine is shared and its speed drifts
within minutes, so a change is measured against its baseline case by case in the same run.

Usage:
    python scripts/benchmark_extraction.py [--repeat 3] [--baseline DIR] [PDF ...]

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
MODES = ("full", "ours", "bare", "pdfium")


def _worker(mode: str, path: str, repeat: int, root: Path) -> None:
    """Run one case in this process (with the ``extract`` package of ``root``) and print a
    JSON line with its timings and peak memory."""
    import io
    import resource

    sys.path.insert(0, str(root))
    data = Path(path).read_bytes()

    def full() -> int:
        from extract import extract_document
        from extract.manifest import SourceDocument

        source = SourceDocument(
            document_id="benchmark", path=Path(path), url=None, document_type="survey_report"
        )
        extraction = extract_document(source)
        row = extraction.document.iloc[0]
        if row["extraction_status"] == "failed":
            raise RuntimeError(f"{row['failure_reason']}: {row['extraction_error']}")
        return int(row["page_count"])

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

    run = {"full": full, "ours": ours, "bare": bare, "pdfium": pdfium}[mode]
    # Import what the case needs before measuring, so that the peak above this baseline is the
    # extraction's own (extract.blocks imports pandas and pandera, about 100 MB).
    if mode == "full":
        import extract.documents
    elif mode == "ours":
        import extract.pdf  # noqa: F401
    elif mode == "bare":
        import pdfplumber  # noqa: F401
    else:
        import pypdfium2  # noqa: F401
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    best_cpu = best_wall = float("inf")
    pages = 0
    error = None

    def cpu_time() -> float:
        """CPU time of this process and of its children that have ended (the forked reader)."""
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    for _ in range(repeat):
        cpu, wall = cpu_time(), time.perf_counter()
        try:
            pages = run()
        except Exception as exc:  # a refused document is reported, not timed
            error = f"{type(exc).__name__}: {exc}"
            break
        best_cpu = min(best_cpu, cpu_time() - cpu)
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


def _case(mode: str, path: Path, repeat: int, root: Path = ROOT) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", mode, str(path)]
    result = subprocess.run(
        [*command, "--repeat", str(repeat), "--root", str(root)],
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
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout of this project: its full extraction is run beside this one's",
    )
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "PDF"), help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker[0], args.worker[1], args.repeat, args.root)
        return
    baseline = args.baseline.resolve() if args.baseline else None
    if baseline is not None and not (baseline / "extract" / "documents.py").is_file():
        parser.error(f"--baseline {baseline}: not a checkout of this project (no extract/)")

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}; "
        f"best of {args.repeat} runs per case, one subprocess per case."
        + (f" Baseline: {baseline}." if baseline else "")
        + "\n"
    )
    header = (
        "| PDF | pages | full pages/s (CPU) | read_pdf pages/s (CPU) | bare pdfplumber pages/s "
        "(CPU) | **ratio full/bare (CPU)** | ratio read_pdf/bare (CPU) | ratio full/bare (wall) "
        "| full peak MB (+ over imports) | bare peak MB (+ over imports) "
        "| pypdfium2 text pages/s (CPU) |"
    )
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    if baseline:
        header += " baseline full pages/s (CPU) | **ratio full/baseline (CPU)** |"
        rule += "---:|---:|"
    print(header)
    print(rule)
    totals = {mode: [0.0, 0.0] for mode in (*MODES, "baseline")}  # cpu, wall
    total_pages = 0
    skipped = []
    for path in _files(args.pdfs):
        ours = _case("ours", path, args.repeat)
        if ours.get("error"):
            skipped.append(f"{path.name}: {ours['error']}")
            continue
        results = {mode: _case(mode, path, args.repeat) for mode in MODES if mode != "ours"}
        results["ours"] = ours
        if baseline:
            results["baseline"] = _case("full", path, args.repeat, root=baseline)
            if results["baseline"].get("error"):
                skipped.append(f"{path.name}: baseline failed: {results['baseline']['error']}")
                continue
        if results["full"].get("error"):
            skipped.append(f"{path.name}: full extraction failed: {results['full']['error']}")
            continue
        pages = int(results["ours"]["pages"])
        total_pages += pages
        for mode in results:
            if not results[mode].get("error"):
                totals[mode][0] += float(results[mode]["cpu"])
                totals[mode][1] += float(results[mode]["wall"])
        full, bare, pdfium = results["full"], results["bare"], results["pdfium"]
        print(
            f"| {path.name} | {pages} | {_rate(pages, full['cpu'])} | "
            f"{_rate(pages, ours['cpu'])} | {_rate(pages, bare['cpu'])} | "
            f"**{bare['cpu'] / full['cpu']:.2f}** | {bare['cpu'] / ours['cpu']:.2f} | "
            f"{bare['wall'] / full['wall']:.2f} | "
            f"{full['peak_mb']:.0f} (+{full['extra_mb']:.0f}) | "
            f"{bare['peak_mb']:.0f} (+{bare['extra_mb']:.0f}) | "
            f"{_rate(pages, pdfium['cpu']) if not pdfium.get('error') else '-'} |"
            + (
                f" {_rate(pages, results['baseline']['cpu'])} | "
                f"**{results['baseline']['cpu'] / full['cpu']:.2f}** |"
                if baseline
                else ""
            )
        )
    if total_pages:
        full_cpu, ours_cpu, bare_cpu = totals["full"][0], totals["ours"][0], totals["bare"][0]
        print(
            f"| **all** | {total_pages} | {_rate(total_pages, full_cpu)} | "
            f"{_rate(total_pages, ours_cpu)} | {_rate(total_pages, bare_cpu)} | "
            f"**{bare_cpu / full_cpu:.2f}** | {bare_cpu / ours_cpu:.2f} | "
            f"{totals['bare'][1] / totals['full'][1]:.2f} | | | "
            f"{_rate(total_pages, totals['pdfium'][0])} |"
            + (
                f" {_rate(total_pages, totals['baseline'][0])} | "
                f"**{totals['baseline'][0] / full_cpu:.2f}** |"
                if baseline
                else ""
            )
        )
    if skipped:
        print("\nSkipped (read_pdf refuses them, as it should):")
        for line in skipped:
            print(f"- {line}")


if __name__ == "__main__":
    main()
