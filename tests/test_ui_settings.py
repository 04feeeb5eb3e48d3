"""The settings dialog, the passphrase change through the session, and lock on suspend (offscreen)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.errors import UnlockError
from intake.vault import create_vault, unlock_vault
from intake.vault_settings import Role
from tests.qt_support import type_text
from tests.support import PASSPHRASE, case_doc, snapshot
from ui import idle_lock as idle_lock_module
from ui.idle_lock import IdleLock
from ui.language import LanguageSwitcher
from ui.settings_dialog import SettingsDialog
from ui.vault_session import VaultSession

NEW_PASSPHRASE = "Новая фраза: сирень, маяк, 2031 и чай"
LONG_RUN_MS = 60_000  # a generous ceiling for two Argon2id runs at the floor (about 0.1 s each)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(case_doc("Дело для проверки настроек"))
    return root


@pytest.fixture
def session(qtbot: QtBot, vault_dir: Path) -> Iterator[VaultSession]:
    session = VaultSession(vault_dir, kdf_params=MINIMUM)
    with qtbot.waitSignal(session.unlocked, timeout=LONG_RUN_MS):
        session.unlock(PASSPHRASE)
    yield session
    session.shutdown()


@pytest.fixture
def dialog(qtbot: QtBot) -> SettingsDialog:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.set_values("en", 5)
    dialog.show()
    return dialog


def _wire(dialog: SettingsDialog, session: VaultSession) -> None:
    """The connections the app shell makes (see the report for ui/app.py)."""
    dialog.passphrase_change_requested.connect(session.change_passphrase)
    dialog.auto_lock_minutes_chosen.connect(session.set_auto_lock_minutes)
    session.busy_changed.connect(dialog.set_busy)
    session.progress.connect(dialog.show_progress)
    session.passphrase_changed.connect(dialog.show_passphrase_changed)
    session.passphrase_change_failed.connect(dialog.show_passphrase_error)
    session.settings_failed.connect(dialog.show_message)


def _type_passphrases(dialog: SettingsDialog, current: str, new: str, repeat: str) -> None:
    type_text(dialog.current, current)
    type_text(dialog.new, new)
    type_text(dialog.repeat, repeat)


def _assert_fields_wiped(dialog: SettingsDialog) -> None:
    for field in (dialog.current, dialog.new, dialog.repeat):
        assert field.text() == ""
        assert not field.isUndoAvailable()


# --- the dialog on its own ---------------------------------------------------------------


def test_choosing_a_language_emits_it_and_retranslates_the_dialog_at_once(
    qtbot: QtBot, dialog: SettingsDialog, language: LanguageSwitcher
) -> None:
    dialog.language_chosen.connect(language.apply)
    with qtbot.assertNotEmitted(dialog.language_chosen):
        dialog.set_values("en", 3)
    assert dialog.windowTitle() == "Settings"
    assert dialog.minutes.suffix() == " min"
    type_text(dialog.new, "short")
    assert dialog.feedback.advice.text().startswith("Too short")
    dialog.language.setFocus()
    with qtbot.waitSignal(dialog.language_chosen, check_params_cb=lambda code: code == "ru"):
        qtbot.keyClick(dialog.language, Qt.Key.Key_Up)  # English -> Русский
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Настройки")
    assert dialog.change.text() == "&Сменить парольную фразу"
    assert dialog.minutes.suffix() == " минуты"  # 3 минуты
    assert dialog.feedback.advice.text().startswith("Слишком коротко")  # the core's text follows too
    dialog.minutes.setValue(5)
    assert dialog.minutes.suffix() == " минут"
    # The language names stay in their own language whatever the interface shows.
    assert [dialog.language.itemText(i) for i in range(2)] == ["Русский", "English"]
    with qtbot.waitSignal(dialog.language_chosen, check_params_cb=lambda code: code == "en"):
        qtbot.keyClick(dialog.language, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Settings")


def test_auto_lock_spin_emits_the_chosen_minutes_once_per_choice(
    qtbot: QtBot, dialog: SettingsDialog
) -> None:
    chosen: list[int] = []
    dialog.auto_lock_minutes_chosen.connect(chosen.append)
    dialog.set_values("en", 10)
    assert chosen == []  # showing the stored value is not a choice
    assert (dialog.minutes.minimum(), dialog.minutes.maximum()) == (1, 120)
    dialog.minutes.stepUp()
    assert chosen == [11]
    dialog.minutes.lineEdit().selectAll()
    qtbot.keyClicks(dialog.minutes, "30")
    qtbot.keyClick(dialog.minutes, Qt.Key.Key_Return)
    assert chosen == [11, 30]  # not 3 and then 30
    dialog.minutes.setValue(500)
    assert chosen[-1] == 120


def test_every_input_has_an_accessible_name_and_tab_follows_the_form(
    qtbot: QtBot, dialog: SettingsDialog
) -> None:
    inputs: list[QWidget] = [dialog.language, dialog.minutes, dialog.current, dialog.new, dialog.repeat]
    for widget in [*inputs, dialog.change, dialog.progress, dialog.feedback.meter]:
        assert widget.accessibleName(), type(widget).__name__
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.language.setFocus()
    for expected in [*inputs[1:], dialog.change]:
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Tab)
        focused = dialog.focusWidget()
        # A spin box's focus sits in its inner line edit.
        assert focused is expected or (focused is not None and focused.parent() is expected)


def test_a_too_short_new_passphrase_gets_a_message_and_starts_nothing(
    qtbot: QtBot, dialog: SettingsDialog, session: VaultSession
) -> None:
    _wire(dialog, session)
    _type_passphrases(dialog, PASSPHRASE, "kurz", "kurz")
    with (
        qtbot.assertNotEmitted(dialog.passphrase_change_requested),
        qtbot.assertNotEmitted(session.busy_changed),
    ):
        dialog.change.click()
    assert dialog.passphrase_message.text().startswith("Too short: use at least 8 characters")
    assert not session.is_busy()


def test_a_repeat_that_differs_gets_a_message_and_starts_nothing(
    qtbot: QtBot, dialog: SettingsDialog, session: VaultSession
) -> None:
    _wire(dialog, session)
    _type_passphrases(dialog, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE + "!")
    with qtbot.assertNotEmitted(dialog.passphrase_change_requested):
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert "differ" in dialog.passphrase_message.text()
    assert not session.is_busy()


def test_escape_closes_the_dialog_and_forgets_what_was_typed(qtbot: QtBot, dialog: SettingsDialog) -> None:
    _type_passphrases(dialog, PASSPHRASE, NEW_PASSPHRASE, "x")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    _assert_fields_wiped(dialog)


def test_escape_does_not_close_the_dialog_while_busy(qtbot: QtBot, dialog: SettingsDialog) -> None:
    dialog.set_busy(True)
    assert not dialog.minutes.isEnabled()  # saved through the connection the change is using
    assert dialog.progress.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    dialog.set_busy(False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# --- through a real session on a real vault --------------------------------------------------


def test_passphrase_change_end_to_end(
    qtbot: QtBot, dialog: SettingsDialog, session: VaultSession, vault_dir: Path
) -> None:
    _wire(dialog, session)
    stages: list[tuple[str, str]] = []
    session.progress.connect(lambda stage: stages.append((stage, dialog.stage.text())))
    busy_seen: list[bool] = []
    session.busy_changed.connect(lambda busy: busy_seen.append(dialog.progress.isVisible()))
    _type_passphrases(dialog, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    with qtbot.waitSignal(session.passphrase_changed, timeout=LONG_RUN_MS):
        dialog.change.click()
        assert session.is_busy()
        assert not dialog.current.isEnabled()
    qtbot.waitUntil(lambda: not session.is_busy())
    assert [stage for stage, _text in stages] == ["deriving_key", "writing_key_file"]
    assert stages[0][1] == "Checking the current passphrase…"
    assert stages[1][1].startswith("Deriving the key for the new passphrase")
    assert busy_seen == [True, False]
    assert dialog.passphrase_message.text().startswith("Passphrase changed.")
    assert dialog.stage.text() == ""
    _assert_fields_wiped(dialog)
    with qtbot.waitSignal(session.locked):
        session.lock()
    with pytest.raises(UnlockError):
        unlock_vault(vault_dir, PASSPHRASE)
    with unlock_vault(vault_dir, NEW_PASSPHRASE) as vault:
        assert vault.store.count_cases() == 1


def test_a_wrong_current_passphrase_gets_a_calm_message_and_changes_nothing(
    qtbot: QtBot, dialog: SettingsDialog, session: VaultSession, vault_dir: Path
) -> None:
    _wire(dialog, session)
    before = snapshot(vault_dir)
    _type_passphrases(dialog, "это не та фраза", NEW_PASSPHRASE, NEW_PASSPHRASE)
    with qtbot.waitSignal(session.passphrase_change_failed, timeout=LONG_RUN_MS):
        dialog.change.click()
    qtbot.waitUntil(lambda: not session.is_busy())
    assert dialog.passphrase_message.text() == "Wrong passphrase, or the key file is damaged."
    _assert_fields_wiped(dialog)
    assert dialog.current.isEnabled()
    assert snapshot(vault_dir) == before
    assert session.vault is not None  # still unlocked: a typo must not throw the user out
    with qtbot.waitSignal(session.locked):
        session.lock()
    with unlock_vault(vault_dir, PASSPHRASE) as vault:
        assert vault.store.count_cases() == 1


def test_a_lock_asked_for_during_the_change_waits_for_it(
    qtbot: QtBot, dialog: SettingsDialog, session: VaultSession, vault_dir: Path
) -> None:
    _wire(dialog, session)
    events: list[str] = []
    session.passphrase_changed.connect(lambda: events.append("changed"))
    session.busy_changed.connect(lambda busy: events.append(f"busy={busy}"))
    session.locked.connect(lambda: events.append("locked"))
    _type_passphrases(dialog, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    with qtbot.waitSignal(session.locked, timeout=LONG_RUN_MS):
        dialog.change.click()
        session.lock()  # Ctrl+L, or the idle timer, while the worker uses the connection
        assert session.vault is not None
        assert session.vault.is_open
    assert events == ["busy=True", "changed", "busy=False", "locked"]
    assert session.vault is None
    with unlock_vault(vault_dir, NEW_PASSPHRASE) as vault:
        assert vault.store.count_cases() == 1


def test_the_event_loop_keeps_running_during_the_change(
    qtbot: QtBot, dialog: SettingsDialog, session: VaultSession
) -> None:
    _wire(dialog, session)
    ticks: list[bool] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(session.is_busy()))
    timer.start()
    _type_passphrases(dialog, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    with qtbot.waitSignal(session.passphrase_changed, timeout=LONG_RUN_MS):
        dialog.change.click()
    timer.stop()
    assert sum(ticks) >= 5  # ticks delivered while two Argon2id runs were under way


def test_auto_lock_minutes_are_saved_in_the_vault(
    qtbot: QtBot, dialog: SettingsDialog, session: VaultSession, vault_dir: Path
) -> None:
    _wire(dialog, session)
    assert session.auto_lock_minutes() == 5
    with qtbot.waitSignal(session.auto_lock_minutes_changed, check_params_cb=lambda m: m == 6):
        dialog.minutes.stepUp()
    assert session.auto_lock_minutes() == 6
    with qtbot.waitSignal(session.settings_failed):
        session.set_auto_lock_minutes(0)
    assert "between 1 and 120" in dialog.message.text()
    session.lock()
    reopened = VaultSession(vault_dir, kdf_params=MINIMUM)
    with qtbot.waitSignal(reopened.unlocked, timeout=LONG_RUN_MS):
        reopened.unlock(PASSPHRASE)
    assert reopened.auto_lock_minutes() == 6
    reopened.lock()


def test_settings_wait_while_the_worker_owns_the_connection(
    qtbot: QtBot, dialog: SettingsDialog, session: VaultSession
) -> None:
    _wire(dialog, session)
    failures: list[str] = []
    session.settings_failed.connect(failures.append)
    with qtbot.waitSignal(session.passphrase_changed, timeout=LONG_RUN_MS):
        session.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
        session.set_auto_lock_minutes(9)
        with qtbot.waitSignal(session.passphrase_change_failed):
            session.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)  # a second one at the same time
    assert failures == ["Another operation is still running; try again when it ends."]
    qtbot.waitUntil(lambda: not session.is_busy())
    assert session.auto_lock_minutes() == 5


# --- lock on suspend -------------------------------------------------------------------------


class FakeClocks:
    """A clock that counts sleep and one that does not; `reads` counts how often they were read."""

    def __init__(self) -> None:
        self.awake = 1000.0
        self.slept = 0.0
        self.reads = 0

    def with_sleep(self) -> float:
        self.reads += 1
        return self.awake + self.slept

    def without_sleep(self) -> float:
        return self.awake


@pytest.fixture
def clocks() -> FakeClocks:
    return FakeClocks()


def _idle_lock(clocks: FakeClocks, interval_ms: int = 3_000) -> IdleLock:
    return IdleLock(
        sleep_counting_clock=clocks.with_sleep,
        monotonic_clock=clocks.without_sleep,
        check_interval_ms=interval_ms,
    )


def test_a_suspend_locks_on_the_next_check(qtbot: QtBot, clocks: FakeClocks) -> None:
    idle = _idle_lock(clocks, interval_ms=10)
    idle.arm()
    clocks.awake += 2.0
    clocks.slept += 8 * 3600.0  # the lid was closed overnight
    with qtbot.waitSignal(idle.idle, timeout=5_000):
        pass  # the periodic check notices the jump
    assert not idle.is_armed()


def test_no_lock_without_a_jump(qtbot: QtBot, clocks: FakeClocks) -> None:
    idle = _idle_lock(clocks, interval_ms=10)
    idle.arm()
    with qtbot.assertNotEmitted(idle.idle):
        for _ in range(3):
            reads = clocks.reads
            clocks.awake += 3.0  # time passing while awake moves both clocks
            clocks.slept += 0.5  # a sleep below the threshold is within noise
            qtbot.waitUntil(lambda reads=reads: clocks.reads > reads)
    assert idle.is_armed()


def test_no_lock_when_disarmed(qtbot: QtBot, clocks: FakeClocks) -> None:
    idle = _idle_lock(clocks)
    idle.arm()
    idle.disarm()
    clocks.slept += 600.0
    with qtbot.assertNotEmitted(idle.idle):
        idle.check_for_suspend()
    idle.arm()  # arming again starts from the current clocks: the old sleep is not counted
    with qtbot.assertNotEmitted(idle.idle):
        idle.check_for_suspend()
    clocks.slept += 600.0
    with qtbot.waitSignal(idle.idle):
        idle.check_for_suspend()


def test_the_real_clocks_show_no_suspend_and_the_fallback_uses_wall_time(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    idle = IdleLock()
    idle.arm()
    with qtbot.assertNotEmitted(idle.idle):
        idle.check_for_suspend()
    idle.disarm()
    monkeypatch.delattr(time, "CLOCK_BOOTTIME", raising=False)
    assert idle_lock_module._default_clocks() == (time.time, time.monotonic)


def test_passphrase_fields_hide_what_is_typed(dialog: SettingsDialog) -> None:
    fields = dialog.findChildren(QLineEdit)
    for field in (dialog.current, dialog.new, dialog.repeat):
        assert field in fields
        assert field.echoMode() == QLineEdit.EchoMode.Password
