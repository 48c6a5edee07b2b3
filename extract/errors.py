"""Why a document could not be read, in words a person understands."""

from __future__ import annotations

from typing import Literal

FailureReason = Literal[
    "missing",
    "empty",
    "too_large",
    "unsupported_format",
    "not_a_pdf",
    "encrypted",
    "corrupt",
    "no_pages",
    "no_text_layer",
    "not_decodable",
    "fetch_failed",
    "contract_violation",
    "extractor_error",
]


class DocumentError(Exception):
    """An unreadable document: ``reason`` is a stable code, the message is for people."""

    def __init__(self, reason: FailureReason, message: str) -> None:
        super().__init__(message)
        self.reason: FailureReason = reason
        self.message = message

    def __str__(self) -> str:
        return f"{self.reason}: {self.message}"
