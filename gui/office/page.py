"""The office window: coverage, the project pipeline, the programme's targets and charts, for a
filter of year, district, industry division and cluster; any count drills down to the
enterprises behind it, and the figures export to the Excel report.

Figures come from ``OfficeService`` on worker threads (each its own connection, from a
factory); this module lays them out and counts nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diagnosis.messages import Lang
from diagnosis.office.figures import OfficeFigures, OfficeFilter, PipelineRow
from diagnosis.office.labels import word
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.key_help import install as install_key_help
from gui.office.charts import OfficeCharts
from gui.office.models import (
    Drill,
    DrillDialog,
    FiguresModel,
    FiguresView,
    OfficeFilterBar,
    coverage_columns,
    member_columns,
    pipeline_columns,
    pipeline_total,
    progress_columns,
    realised_columns,
    target_columns,
)
from gui.workers import WorkerSignals, start

if TYPE_CHECKING:
    from diagnosis.office.service import OfficeService

OfficeFactory = Callable[[], "OfficeService"]
# An enterprise's name and credit code, by id (None: no longer in the register).
EnterpriseLookup = Callable[[str], "tuple[str, str] | None"]


# The pipeline's groupings; the project list's two (diagnosis.measures.projects) count projects
# only.
_PIPELINE_DIMENSIONS = ("area", "category", "district", "status", "project", "start_year")
_ACCEPTED_TOTAL = ("area", "category", "district")


class OfficePage(QMainWindow):
    """Figures for the filter; recomputed on a worker whenever the filter changes."""

    enterprise_chosen = Signal(str)
    figures_shown = Signal(object)  # the OfficeFigures now on screen
    exported = Signal(str)

    def __init__(
        self,
        factory: OfficeFactory,
        lang: Lang,
        lookup: EnterpriseLookup,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("office_page")
        self.factory = factory
        self.lang = lang
        self.lookup = lookup
        self.figures: OfficeFigures | None = None
        self.job: WorkerSignals | None = None
        self.pending: OfficeFilter | None = None
        self.refreshed = False  # the facts were brought up to date (with progress) once
        self.drill_dialog: DrillDialog | None = None
        self.setWindowTitle(self.tr("Office overview"))
        central = QWidget()
        layout = QVBoxLayout(central)
        top = QHBoxLayout()
        self.filter_bar = OfficeFilterBar(lang)
        self.filter_bar.changed.connect(self.reload)
        self.combos = self.filter_bar.combos
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("office_refresh")
        self.refresh_button.clicked.connect(self.reload)
        self.export_button = QPushButton(self.tr("E&xport workbook…"))
        self.export_button.setObjectName("office_export")
        self.export_button.clicked.connect(self.export_workbook)
        top.addWidget(self.filter_bar, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        layout.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setObjectName("office_progress")
        self.progress.setMaximumWidth(240)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("office_status")
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.headline = QLabel()
        self.headline.setObjectName("office_headline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.headline.linkActivated.connect(self._on_headline_link_activated)
        self.headline.setStyleSheet("font-size: 14px; padding: 4px;")
        layout.addWidget(self.headline)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("office_tabs")
        self.tabs.addTab(self._build_coverage(), self.tr("&Coverage"))
        self.tabs.addTab(self._build_pipeline(), self.tr("&Pipeline"))
        self.charts = OfficeCharts(lang)
        self.tabs.addTab(self.charts, self.tr("C&harts"))
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._build_actions()
        self.resize(1200, 760)

    # Building
    def _view(self, name: str, model: FiguresModel[Any]) -> FiguresView:
        view = FiguresView(name)
        view.setModel(model)
        view.drill_requested.connect(self.drill)
        return view

    def _titled(self, title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(title)
        caption.setStyleSheet("font-weight: bold;")
        layout.addWidget(caption)
        layout.addWidget(widget, 1)
        return box

    def _build_coverage(self) -> QWidget:
        hint = self.tr("Enter or double-click: the enterprises behind this number")
        lang = self.lang
        self.district_table = self._view(
            "office_districts", FiguresModel(coverage_columns("district", lang), hint)
        )
        self.industry_table = self._view(
            "office_industries", FiguresModel(coverage_columns("industry", lang), hint)
        )
        self.progress_table = self._view(
            "office_progress_table", FiguresModel(progress_columns(lang), hint)
        )
        self.members_table = self._view("office_members", FiguresModel(member_columns(lang), hint))
        page = QWidget()
        grid = QGridLayout(page)
        grid.addWidget(self._titled(self.tr("By district"), self.district_table), 0, 0)
        grid.addWidget(self._titled(self.tr("By industry division"), self.industry_table), 0, 1)
        grid.addWidget(self._titled(self.tr("Progress by year"), self.progress_table), 1, 0)
        grid.addWidget(self._titled(self.tr("Visits per team member"), self.members_table), 1, 1)
        return page

    def _build_pipeline(self) -> QWidget:
        hint = self.tr("Enter or double-click: the enterprises behind this number")
        self.group_by = QComboBox()
        self.group_by.setObjectName("office_group_by")
        for dimension in _PIPELINE_DIMENSIONS:
            self.group_by.addItem(
                word(dimension, self.lang) if dimension != "district" else self.tr("District"),
                dimension,
            )
        self.group_by.currentIndexChanged.connect(lambda _i: self._show_pipeline())
        self.pipeline_models = {
            d: FiguresModel(pipeline_columns(d, self.lang), hint) for d in _PIPELINE_DIMENSIONS
        }
        self.pipeline_table = self._view("office_pipeline", self.pipeline_models["area"])
        self.targets_table = self._view(
            "office_targets", FiguresModel(target_columns(self.lang), hint)
        )
        self.realised_table = self._view(
            "office_realised", FiguresModel(realised_columns(self.lang), hint)
        )
        rows = self.realised_table.verticalHeader().defaultSectionSize()
        self.realised_table.setMaximumHeight(rows * 2 + 6)
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        label = QLabel(self.tr("Accepted measures &by:"))
        label.setBuddy(self.group_by)
        top.addWidget(label)
        top.addWidget(self.group_by)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.pipeline_table, 3)
        layout.addWidget(self._titled(word("title.targets", self.lang), self.targets_table), 2)
        layout.addWidget(self._titled(word("title.realised", self.lang), self.realised_table))
        return page

    def _build_actions(self) -> None:
        for text, keys, slot in (
            (self.tr("Refresh"), QKeySequence.StandardKey.Refresh, self.reload),
            (self.tr("Export workbook…"), QKeySequence.StandardKey.Save, self.export_workbook),
            (self.tr("Close"), QKeySequence.StandardKey.Close, self.close),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _c=False, s=slot: s())
            self.addAction(action)
        install_key_help(self)  # F1: this window's keys (gui.key_help)

    # Figures
    def current_filter(self) -> OfficeFilter:
        return self.filter_bar.current()

    def reload(self) -> None:
        """Recompute for the current filter; while a job runs, the latest filter waits."""
        f = self.current_filter()
        if self.job is not None:
            self.pending = f
            return
        first = not self.refreshed
        factory = self.factory

        def job(signals: WorkerSignals) -> OfficeFigures:
            service = factory()
            if first:  # after a sync many visits may need assessing: show how far it got
                service.refresh(signals.report)
            return service.figures(f)

        self._busy(self.tr("Computing the figures…"))
        self.job = start(
            job,
            succeeded=self._on_job_succeeded,
            failed=self._on_job_failed,
            progressed=self._on_job_progressed,
            finished=self._on_job_finished,
        )

    def _busy(self, text: str, busy: bool = True) -> None:
        self.progress.setRange(0, 0)
        self.progress.setVisible(busy)
        self.status.setText(text)
        self.refresh_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)

    def _idle(self, text: str) -> None:
        self._busy(text, busy=False)

    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(
            self.tr("Bringing the figures up to date: %1 of %Ln visit(s)", "", total).replace(
                "%1", f"{done:,}"
            )
        )

    def _on_job_succeeded(self, figures: OfficeFigures) -> None:
        self.refreshed = True
        self.show_figures(figures)
        self._idle("")

    def _on_job_failed(self, exc: BaseException) -> None:
        self._idle(self.tr("The figures could not be computed: %1").replace("%1", str(exc)))

    def _on_job_finished(self) -> None:
        self.job = None
        pending, self.pending = self.pending, None
        if pending is not None and (self.figures is None or pending != self.figures.filter):
            self.reload()

    def show_figures(self, figures: OfficeFigures) -> None:
        self.figures = figures
        self.filter_bar.add_keys(figures)
        t = figures.total
        self.headline.setText(
            self.tr(
                "Diagnosed <a href='total:diagnosed_target'>%1</a> of "
                "<a href='total:target'>%2</a> willing above-scale enterprises (%3) · "
                "never visited: <a href='never_visited:'>%4</a> "
                "(willing above scale: <a href='never_visited:target'>%5</a>) · "
                "visits: %6, of them follow-ups: %7"
            )
            .replace("%1", f"{t.diagnosed_target:,}")
            .replace("%2", f"{t.target:,}")
            .replace("%3", "—" if t.share is None else f"{t.share * 100:.0f}%")
            .replace("%4", f"{figures.never_visited:,}")
            .replace("%5", f"{figures.never_visited_target:,}")
            .replace("%6", f"{figures.visits:,}")
            .replace("%7", f"{figures.follow_ups:,}")
        )
        self.district_table.figures().set_rows([*figures.coverage["district"], t])
        self.industry_table.figures().set_rows([*figures.coverage["industry"], t])
        years = {r.key: r for r in figures.coverage["year"]}
        self.progress_table.figures().set_rows(
            [(p, years.get(str(p.year))) for p in figures.progress]
        )
        self.members_table.figures().set_rows(list(figures.members))
        for dimension, model in self.pipeline_models.items():
            rows = figures.pipeline[dimension]
            # By status every measure; by project category or start year the projects only.
            total = figures.accepted if dimension in _ACCEPTED_TOTAL else pipeline_total(rows)
            model.set_rows([*rows, PipelineRow("total", None, total)])
        self.targets_table.figures().set_rows(list(figures.targets))
        self.realised_table.figures().set_rows([figures.realised])
        for view in self._tables():
            view.resizeColumnsToContents()
        self.charts.show_figures(figures)
        self.figures_shown.emit(figures)

    def _tables(self) -> list[FiguresView]:
        return self.findChildren(FiguresView)

    def _show_pipeline(self) -> None:
        self.pipeline_table.setModel(self.pipeline_models[self.group_by.currentData()])
        self.pipeline_table.resizeColumnsToContents()

    # Drill-down
    def _on_headline_link_activated(self, link: str) -> None:
        dimension, _, measure = link.partition(":")
        captions = {
            "total:diagnosed_target": word("diagnosed_target", self.lang),
            "total:target": word("target", self.lang),
            "never_visited:": word("never_visited", self.lang),
            "never_visited:target": word("never_visited_target", self.lang),
        }
        self.drill(Drill(dimension, None, measure or None), captions.get(link, link))

    def drill(self, drill: Drill, caption: str) -> None:
        f = self.figures.filter if self.figures is not None else self.current_filter()
        if drill.year is not None:
            f = replace(f, year=drill.year)
        factory = self.factory

        def job(_signals: WorkerSignals) -> list[str]:
            return factory().drill(f, drill.dimension, drill.key, drill.measure)

        self.status.setText(self.tr("Finding the enterprises…"))
        self.drill_job = start(
            job,
            succeeded=lambda ids: self._show_drill(caption, ids),
            failed=self._on_job_failed,
        )

    def _show_drill(self, caption: str, ids: list[str]) -> None:
        self.status.setText("")
        found = [(eid, *row) for eid in ids if (row := self.lookup(eid)) is not None]
        rows = sorted(found, key=lambda r: (r[1], r[2]))
        dialog = DrillDialog(caption, rows, self)
        dialog.chosen.connect(self.enterprise_chosen)
        self.drill_dialog = dialog
        dialog.open()

    # Export
    def export_workbook(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        f = self.current_filter()
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export workbook"),
            "office-figures.xlsx",
            self.tr("Excel workbook (*.xlsx)"),
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        factory = self.factory

        def job(_signals: WorkerSignals) -> str:
            factory().export_workbook(Path(path), f)
            return path

        self._busy(self.tr("Writing the workbook…"))
        self.export_job = start(
            job,
            succeeded=self._on_export_succeeded,
            failed=lambda exc: self._idle(
                self.tr("The workbook could not be written: %1").replace("%1", str(exc))
            ),
        )

    def _on_export_succeeded(self, path: str) -> None:
        self._idle(self.tr("Workbook saved to %1").replace("%1", path))
        self.exported.emit(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None:
            self.job.cancel()
        super().closeEvent(event)
