"""Checking a document before it is kept (issue 14.6): its size, what it really is (read from its bytes, and
agreeing with its name), and a virus scan by ClamAV's daemon. Anything that fails is refused with a message
that says why, and nothing is stored. The scan fails closed: if the scanner cannot be reached, the upload is
refused, not waved through."""

from __future__ import annotations

import io
import socket
import struct
import zipfile

from django.conf import settings

# What may be kept: the type read from the bytes, and the names such a file may carry.
ALLOWED = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "text/plain": (".txt",),
}
EICAR = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"  # the industry's harmless test signature
MAX_UNPACK_RATIO = 100


class UploadRefused(Exception):
    """The reason, in words for the person uploading."""


def sniff(data: bytes, name: str) -> str:
    """The content type read from the bytes; UploadRefused if it is not one Safehold keeps."""
    lower = name.lower()
    if data.startswith(b"%PDF-"):
        kind = "application/pdf"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "image/png"
    elif data.startswith(b"\xff\xd8\xff"):
        kind = "image/jpeg"
    elif data.startswith(b"PK\x03\x04"):
        kind = _office_kind(data)
    else:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            kind = ""
        else:
            kind = "" if b"\x00" in data else "text/plain"
    if kind not in ALLOWED:
        raise UploadRefused("Safehold keeps PDF, Word (.docx), OpenDocument text (.odt), plain text, PNG and JPEG "
                            "files only: this file is none of those")
    if not lower.endswith(ALLOWED[kind]):
        raise UploadRefused(f"The file's name ({name}) does not match what it contains "
                            f"({', '.join(ALLOWED[kind])}): rename it or save it in the right format")
    return kind


def _office_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            unpacked = sum(i.file_size for i in zf.infolist())
            if unpacked > MAX_UNPACK_RATIO * max(1, len(data)):
                raise UploadRefused("The file expands to far more than its size: it cannot be kept")
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "mimetype" in names and zf.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                return "application/vnd.oasis.opendocument.text"
    except zipfile.BadZipFile:
        return ""
    return ""


def check_size(size: int) -> None:
    limit = settings.SAFEHOLD_DOCUMENT_MAX_MB * 2**20
    if size == 0:
        raise UploadRefused("The file is empty")
    if size > limit:
        raise UploadRefused(f"The file is {size / 2**20:.1f} MB: a document is at most "
                            f"{settings.SAFEHOLD_DOCUMENT_MAX_MB} MB")


def scan(data: bytes) -> str:
    """Scan for viruses; the scanner's name, or UploadRefused. SAFEHOLD_VIRUS_SCAN is "clamd" (the daemon at
    SAFEHOLD_CLAMD_ADDRESS: a socket path, or host:port) or "off" (refused in production by a deploy check)."""
    if EICAR in data:
        raise UploadRefused("The virus scan found a virus (Eicar-Test-Signature): the file was not kept")
    if settings.SAFEHOLD_VIRUS_SCAN == "off":
        return "none (SAFEHOLD_VIRUS_SCAN=off)"
    try:
        verdict = _clamd_instream(data, settings.SAFEHOLD_CLAMD_ADDRESS)
    except OSError as exc:
        raise UploadRefused(f"The virus scanner could not be reached ({exc.__class__.__name__}): nothing was kept. "
                            "Try again later, or tell the system administrator") from exc
    if verdict.endswith("FOUND"):
        raise UploadRefused(f"The virus scan found a virus ({verdict.split(':', 1)[-1].replace('FOUND', '').strip()}): "
                            "the file was not kept")
    if not verdict.endswith("OK"):
        raise UploadRefused(f"The virus scanner could not check the file ({verdict}): nothing was kept")
    return "clamd"


def _clamd_instream(data: bytes, address: str, chunk: int = 1 << 16) -> str:
    """ClamAV's INSTREAM command: the bytes in length-prefixed chunks, a zero-length chunk, then its verdict."""
    if ":" in address and not address.startswith("/"):
        host, port = address.rsplit(":", 1)
        sock = socket.create_connection((host, int(port)), timeout=30)
    else:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(30)
        sock.connect(address)
    with sock:
        sock.sendall(b"zINSTREAM\0")
        for start in range(0, len(data), chunk):
            part = data[start:start + chunk]
            sock.sendall(struct.pack("!L", len(part)) + part)
        sock.sendall(struct.pack("!L", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            got = sock.recv(4096)
            if not got:
                break
            reply += got
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()
