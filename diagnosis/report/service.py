"""The improvement plan as a use case: a visit from the store in, a PDF file out.

One place that joins the steps (assess, context, templates, renderer) so the command line, the
app and the benchmarks make the same document. Files are written whole or not at all: a plan is
rendered in memory, written beside its target and renamed over it, so a crash or a full disk never
leaves half a PDF where the firm's plan was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from diagnosis.assessment.assess import assess
from diagnosis.failures import os_failure
from diagnosis.files import write_whole
from diagnosis.messages import DomainError, Lang
from diagnosis.report.context import plan_context
from diagnosis.report.fonts import ReportFont, find_cjk_font, register
from diagnosis.report.pdf import RenderResult, render_pdf
from diagnosis.report.plan import plan_file_name, render_markup
from diagnosis.visits.document import Document

if TYPE_CHECKING:
    from diagnosis.office.figures import PeerBenchmark


class VisitSource(Protocol):
    def export(self, visit_id: str) -> Document:
        """The visit as a document; DomainError when there is no such visit."""
        ...


class PhotoFiles(Protocol):
    def has(self, sha256: str) -> bool: ...

    def path_of(self, sha256: str) -> Path: ...

    def print_path(self, sha256: str) -> Path | None:
        """A print-size copy of the photo, kept so it is downscaled only once."""
        ...


@dataclass(frozen=True)
class PlanFile:
    visit_id: str
    path: Path
    pages: int
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class BatchOutcome:
    written: tuple[PlanFile, ...]
    failed: tuple[tuple[str, str], ...]  # (visit id, why)
    cancelled: bool = False


class PlanService:
    def __init__(
        self,
        visits: VisitSource,
        photos: PhotoFiles | None = None,
        *,
        font_setting: Path | None = None,
        today: Callable[[], date] = date.today,
        peers: Callable[[str], list[PeerBenchmark]] | None = None,
    ) -> None:
        """``peers``: an enterprise's peer benchmarks by its id (``OfficeService.peers``);
        when given, each area chapter prints them."""
        self.visits = visits
        self.peers = peers
        self.photos = photos
        self.font_setting = font_setting
        self.today = today
        self._font: ReportFont | None = None

    @property
    def font(self) -> ReportFont:
        """The font plans are set in: found once (the lookup reads font files)."""
        if self._font is None:
            self._font = register(find_cjk_font(self.font_setting))
        return self._font

    def _photo(self, sha: str) -> Path | None:
        if self.photos is None or not self.photos.has(sha):
            return None
        return self.photos.print_path(sha)

    def markup(self, doc: Document, lang: Lang) -> str:
        peers = None
        if self.peers is not None:
            from diagnosis.office.peers import peer_to_dict

            peers = [peer_to_dict(p) for p in self.peers(doc.enterprise.id)]
        context = plan_context(
            doc,
            assess(doc),
            lang,
            generated=self.today(),
            photo_available=lambda sha: self._photo(sha) is not None,
            peers=peers,
        )
        return render_markup(context, lang)

    def render(self, doc: Document, lang: Lang) -> RenderResult:
        return render_pdf(self.markup(doc, lang), photos=self._photo, font=self.font)

    def file_name(self, doc: Document, lang: Lang) -> str:
        """The plan's file name, worded by the templates (``filename.txt.j2``)."""
        e = doc.enterprise
        return plan_file_name(e.name or e.credit_code, doc.visit.date, doc.visit.revision, lang)

    def export(self, visit_id: str, out: Path, lang: Lang) -> PlanFile:
        """Write visit ``visit_id``'s plan to ``out`` (a file, or a folder to name it in)."""
        doc = self.visits.export(visit_id)
        result = self.render(doc, lang)
        target = out / self.file_name(doc, lang) if out.is_dir() else out
        write_whole(target, result.pdf)
        return PlanFile(visit_id, target, result.pages, tuple(result.warnings))

    def export_many(
        self,
        visit_ids: Sequence[str],
        folder: Path,
        lang: Lang,
        progress: Callable[[int, int], None] = lambda _done, _total: None,
    ) -> BatchOutcome:
        """Each visit's plan into ``folder``; one that cannot be made is reported and the rest
        go on. ``progress`` may raise to cancel: the plans written so far stay."""
        written: list[PlanFile] = []
        failed: list[tuple[str, str]] = []
        folder.mkdir(parents=True, exist_ok=True)
        for n, visit_id in enumerate(visit_ids):
            try:
                progress(n, len(visit_ids))
            except Exception:  # the caller's way of saying "stop"
                return BatchOutcome(tuple(written), tuple(failed), cancelled=True)
            try:
                written.append(self.export(visit_id, folder, lang))
            except DomainError as exc:
                failed.append((visit_id, exc.problems[0].text(lang)))
            except OSError as exc:  # said in the reader's language, not the errno's
                failed.append((visit_id, os_failure(exc).message.text(lang)))
            except ValueError as exc:
                failed.append((visit_id, str(exc)))
        progress(len(visit_ids), len(visit_ids))
        return BatchOutcome(tuple(written), tuple(failed))
