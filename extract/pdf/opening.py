"""Opening a PDF, and why it could not be opened.

0 bytes is "empty"; bytes without a ``%PDF`` header are "not_a_pdf"; a wrong or missing password
is "encrypted" (pdfplumber wraps pdfminer's ``PDFPasswordIncorrect``, with an empty message, in
``PdfminerException``); anything else that stops the file from opening (``PSEOF``,
``PDFSyntaxError``, a broken page tree) is "corrupt". A file that opens with 0 pages is
"no_pages", and pages without a single character are "no_text_layer". A page that fails to parse
is skipped with a warning. Annotations and links are never read, so their errors cannot fail a
document.
"""

from __future__ import annotations

import io

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSEOF
from pdfplumber.utils.exceptions import PdfminerException

from extract.errors import DocumentError
from extract.pdf.characters import read_page
from extract.pdf.model import Page
from extract.settings import PdfSettings


def open_pages(data: bytes, settings: PdfSettings) -> tuple[list[Page], list[str]]:
    """The pages of a PDF with their words, and a warning per page that could not be read.

    Raises DocumentError when the file is not a readable PDF or has no text layer at all.
    """
    _check_signature(data)
    warnings: list[str] = []
    pages: list[Page] = []
    try:
        with pdfplumber.open(io.BytesIO(data), password=settings.password) as pdf:
            plumber_pages = list(pdf.pages)
            if not plumber_pages:
                raise DocumentError(
                    "no_pages",
                    "the PDF opens but has no pages (its page tree is empty or damaged)",
                )
            failed = 0
            for plumber_page in plumber_pages:
                try:
                    pages.append(read_page(plumber_page, settings))
                except Exception as exc:  # one bad page must not lose the rest
                    failed += 1
                    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
                    warnings.append(
                        f"page {plumber_page.page_number} could not be read and was skipped: "
                        f"{cause or type(cause).__name__}"
                    )
                finally:
                    plumber_page.close()
            if failed == len(plumber_pages):
                raise DocumentError(
                    "corrupt", f"none of the PDF's {failed} pages could be parsed ({warnings[0]})"
                )
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise _open_failure(exc, settings) from exc

    if not any(page.words for page in pages):
        raise DocumentError(
            "no_text_layer",
            f"the PDF has {len(pages)} page{'s' if len(pages) != 1 else ''} but no text layer "
            "(scanned images?); it needs OCR",
        )
    return pages, warnings


def prepare_reader() -> None:
    """Load what the reader otherwise loads on first use (the English word list of the damage
    check, about 0.2 s), so that processes forked after this call share it instead of each
    loading it again."""
    from extract.pdf.damage import _english

    _english()


def _check_signature(data: bytes) -> None:
    if not data:
        raise DocumentError("empty", "the file is empty (0 bytes)")
    if b"%PDF" not in data[:1024]:
        kind = _guess_kind(data[:512])
        hint = f" (it looks like {kind})" if kind else ""
        raise DocumentError("not_a_pdf", f"the file is not a PDF: it has no %PDF header{hint}")


def _guess_kind(head: bytes) -> str | None:
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive or an Office document"
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff"):
        return "an image"
    if lowered.startswith((b"{", b"[")):
        return "JSON"
    return None


def _open_failure(exc: BaseException, settings: PdfSettings) -> DocumentError:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        if settings.password:
            return DocumentError(
                "encrypted", "the PDF is encrypted and the password given is wrong"
            )
        return DocumentError(
            "encrypted", "the PDF is password-protected; it needs a password to be read"
        )
    if isinstance(cause, PDFEncryptionError):
        return DocumentError(
            "encrypted", f"the PDF is encrypted in a way that cannot be read: {cause}"
        )
    detail = str(cause) or type(cause).__name__
    if isinstance(cause, PSEOF):
        return DocumentError(
            "corrupt",
            f"the PDF is truncated (the file ends too early: {detail}); it may be an interrupted "
            "download",
        )
    return DocumentError("corrupt", f"the PDF is damaged and cannot be parsed: {detail}")
