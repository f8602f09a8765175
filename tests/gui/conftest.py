"""GUI fixtures: a real store with demo enterprises plus known ones, and settings in tmp."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from diagnosis.demo.enterprises import enterprises
from diagnosis.register.enterprise import Enterprise
from diagnosis.register.service import RegisterService
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.keys import StoreKey, TextSealer

# A store's token sealer (services.token_sealer) for the sync windows: no keyring, no clear token.
SEALER = TextSealer(StoreKey(bytes(range(32))))

BANK = Enterprise(
    name="宁波银行股份有限公司",
    credit_code="91330200711192037M",
    district="330212",
    industry="41",
    above_scale=True,
    willing=True,
    employees=2500,
    address="宁波市鄞州区宁东路345号",
    contact_person="陆华裕",
    contact_phone="0574-87050000",
)
YOUNGOR = Enterprise(
    name="雅戈尔集团股份有限公司",
    credit_code="91330200704800698F",
    district="330203",
    industry="18",
    cluster="246-TEXT",
    above_scale=True,
    willing=False,
    employees=9000,
    address="宁波市海曙区鄞县大道西段2号",
    contact_person="李如成",
)


@pytest.fixture
def filled_service(store: Store) -> RegisterService:
    service = RegisterService(SqliteEnterpriseRepository(store))
    service.repo.save([BANK, YOUNGOR, *enterprises(300, seed=7)], [])
    return service


@pytest.fixture
def factory(store_path: Path) -> Callable[[], RegisterService]:
    def make() -> RegisterService:
        return RegisterService(SqliteEnterpriseRepository(Store(store_path, verify=False)))

    return make


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def _no_unexpected_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal box nobody answers would hang the run; fail the test instead, naming the box."""

    def refuse(*args: object, **_kwargs: object) -> None:
        raise AssertionError(f"unexpected message box: {args[1:3]}")

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, refuse)


@pytest.fixture(scope="session", autouse=True)
def _english(qapp: QApplication) -> None:
    """The app's English, as at an English start and after every test's ``use("en")``: the
    counted strings in their singular or plural ("1 photo attached", "3 photos attached",
    gui/i18n/en.ts), not as written ("1 photo(s) attached"), whichever test ran first."""
    from gui.app import Translations

    Translations(qapp).use("en")


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The app's Chinese translation installed, as at a default start; removed afterwards."""
    from gui.app import Translations

    translations = Translations(qapp)
    translations.use("zh")
    yield
    translations.use("en")
