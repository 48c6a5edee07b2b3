"""Equality harness for the PDF reader: record what ``read_pdf`` gives on every PDF, compare later.

    python scripts/pdf_equality.py save DIR [PDF ...]     # pickle each PDF's result into DIR
    python scripts/pdf_equality.py compare DIR [PDF ...]  # read again, report every difference

A result is the whole ``ParsedDocument`` (blocks, page count, warnings, links) or the
``DocumentError`` (reason and message) of a refused file. Without PDF arguments it reads the
fixtures (tests/fixtures/pdfs, ../shared/fixtures/real-pdfs), sources/rendered/*.pdf and
../shared/corpus-dev/files/*.pdf, plus password-example.pdf opened with its password.
"""

from __future__ import annotations

import argparse
import difflib
import pickle
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FOLDERS = [
    ROOT / "tests" / "fixtures" / "pdfs",
    ROOT.parent / "shared" / "fixtures" / "real-pdfs",
    ROOT / "sources" / "rendered",
    ROOT.parent / "shared" / "corpus-dev" / "files",
]


def _cases(arguments: list[str]) -> list[tuple[str, Path, str | None]]:
    if arguments:
        return [(Path(a).name, Path(a), None) for a in arguments]
    seen: dict[str, tuple[str, Path, str | None]] = {}
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.pdf")) if folder.is_dir() else ():
            seen.setdefault(path.name, (path.name, path, None))
    password = seen.get("password-example.pdf")
    if password:
        seen["password-example.pdf+test"] = ("password-example.pdf+test", password[1], "test")
    return list(seen.values())


def _read(path: Path, password: str | None) -> tuple[str, Any, float]:
    from extract.errors import DocumentError
    from extract.pdf import read_pdf
    from extract.settings import PdfSettings

    settings = PdfSettings(password=password) if password else PdfSettings()
    start = time.process_time()
    try:
        return "ok", read_pdf(path.read_bytes(), settings), time.process_time() - start
    except DocumentError as error:
        return "error", (error.reason, error.message), time.process_time() - start


def _lines(kind: str, value: Any) -> list[str]:
    if kind == "error":
        return [f"error {value[0]}: {value[1]}"]
    lines = [f"pages {value.page_count}"]
    lines += [f"warning {w}" for w in value.warnings]
    for index, block in enumerate(value.blocks):
        fields = asdict(block)
        lines.append(f"block {index} {fields!r}")
    lines += [f"link {link!r}" for link in value.links]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("save", "compare"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("pdfs", nargs="*")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    differing = 0
    total_cpu = 0.0
    for name, path, password in _cases(args.pdfs):
        kind, value, cpu = _read(path, password)
        total_cpu += cpu
        record = args.folder / f"{name}.pickle"
        if args.action == "save":
            record.write_bytes(pickle.dumps((kind, value)))
            print(f"saved {name}: {kind} ({cpu:.2f} s CPU)")
            continue
        old_kind, old_value = pickle.loads(record.read_bytes())
        if (old_kind, old_value) == (kind, value):
            print(f"same  {name} ({cpu:.2f} s CPU)")
            continue
        differing += 1
        print(f"DIFF  {name} ({cpu:.2f} s CPU)")
        diff = difflib.unified_diff(
            _lines(old_kind, old_value), _lines(kind, value), "before", "after", lineterm="", n=0
        )
        for line in diff:
            print("    " + line[:400])
    print(f"{differing} differing; {total_cpu:.1f} s CPU in all")


if __name__ == "__main__":
    main()
