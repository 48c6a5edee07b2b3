"""Why a document could not be read, in words a person understands."""

from __future__ import annotations

from typing import Literal, get_args

FailureReason = Literal[
    "missing",
    "empty",
    "too_large",
    "too_slow",
    "unsupported_format",
    "not_a_pdf",
    "encrypted",
    "corrupt",
    "no_pages",
    "no_text_layer",
    "not_decodable",
    "not_a_regular_file",
    "fetch_failed",
    "address_not_allowed",
    "invalid_manifest_entry",
    "contract_violation",
    "extractor_error",
]

FAILURE_REASONS: tuple[str, ...] = get_args(FailureReason)
"""Every reason code a failed document can carry (the schemas accept exactly these)."""


class DocumentError(Exception):
    """An unreadable document: ``reason`` is a stable code, the message is for people."""

    def __init__(self, reason: FailureReason, message: str) -> None:
        super().__init__(reason, message)
        self.reason: FailureReason = reason
        self.message = message

    def __str__(self) -> str:
        return f"{self.reason}: {self.message}"
