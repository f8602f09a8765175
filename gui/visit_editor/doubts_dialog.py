"""Finalising with warnings still open: the list of the plausibility doubts, to look at each
(Enter goes to its question) or to finalise anyway (Alt+F); Esc goes back to the answers.

A doubt never blocks finalising: the values stay as the team typed them. Shows only what the
domain (diagnosis.plausibility.checks) found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from diagnosis.messages import Lang
from diagnosis.plausibility.checks import Doubt
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.visit_editor.results_panel import area_name


class DoubtsDialog(QDialog):
    def __init__(
        self,
        doubts: Sequence[Doubt],
        lang: Lang,
        go_to: Callable[[str, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("doubts")
        self.setWindowTitle(self.tr("Finalise with open warnings?"))
        # Singular and plural sentences in English (gui/i18n/en.ts): "1 warning is still open.
        # The value stays as typed; … press Enter on it", "6 warnings are still open. …".
        heading = QLabel(
            self.tr(
                "%n warning(s) still open. The value(s) stay as typed; finalise anyway, "
                "or press Enter on one to check its answer.",
                "",
                len(doubts),
            )
        )
        heading.setObjectName("doubts_heading")
        heading.setWordWrap(True)
        self.listing = QListWidget()
        self.listing.setObjectName("doubt_list")
        self.listing.setWordWrap(True)
        for d in doubts:
            entry = QListWidgetItem(f"⚠ {area_name(d.area, lang)} · {d.item}  {d.text(lang)}")
            entry.setData(Qt.ItemDataRole.UserRole, (d.area, d.item))
            self.listing.addItem(entry)
        if self.listing.count():
            self.listing.setCurrentRow(0)

        def go(entry: QListWidgetItem) -> None:
            area, item_id = entry.data(Qt.ItemDataRole.UserRole)
            self.reject()
            # Once the dialog has gone: the window under it takes the focus back first.
            QTimer.singleShot(0, lambda: go_to(area, item_id))

        self.listing.itemActivated.connect(go)
        buttons = QDialogButtonBox()
        self.finalise_button = buttons.addButton(
            self.tr("&Finalise anyway"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.finalise_button.setObjectName("finalise_anyway")
        self.back_button = buttons.addButton(
            self.tr("&Back to the answers"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.listing, 1)
        layout.addWidget(buttons)
        self.resize(720, 440)
        self.listing.setFocus()
