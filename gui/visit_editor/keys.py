"""Every key of the visit editor's question pages, in one place as data: the editor binds its
shortcuts from here and a help window can list them (key, Chinese, English).

Data only: no widgets, no translation machinery (each entry carries both languages).
"""

from __future__ import annotations

from dataclasses import dataclass

from diagnosis.messages import Lang


@dataclass(frozen=True)
class EditorKey:
    keys: str  # as QKeySequence reads it where it is a shortcut, else as shown to people
    zh: str
    en: str

    def text(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


DIGITS = EditorKey(
    "1-9, 0",
    "选择题：按选项位置选择（1 为第一项，0 为第十项），选项旁显示其键",
    "Choice questions: pick the option by its position (1 the first, 0 the tenth); "
    "each option shows its key",
)
YES_NO = EditorKey(
    "Y / N / A", "是非题：是 / 否 / 不适用", "Yes/no questions: yes / no / not applicable"
)
CLEAR = EditorKey("Delete", "清除选择题的答案", "Clear a choice question's answer")
NEXT = EditorKey(
    "Enter",
    "下一道需要作答的题（跳过无需输入的题，最后一题后进入下一领域）",
    "Next question that takes input (skips items needing none; after an area's last "
    "question, the next area)",
)
NEXT_UNANSWERED = EditorKey(
    "F8",
    "当前题之后的下一道未答必答题（跨领域，循环）",
    "Next unanswered required question after this one (across areas, wrapping)",
)
PREVIOUS_UNANSWERED = EditorKey(
    "Shift+F8",
    "当前题之前的上一道未答必答题",
    "Previous unanswered required question before this one",
)
NOTE = EditorKey(
    "Ctrl+M", "当前题的备注（Enter 保存）", "Note on the current question (Enter saves)"
)
FINDING = EditorKey(
    "Ctrl+Shift+N", "由当前题生成问题记录", "Make a finding from the current question"
)
ADD_FINDING = EditorKey(
    "Ctrl+Return",
    "问题页：添加问题记录（或保存正在编辑的）",
    "Findings page: add the finding (or save the one being edited)",
)
NEXT_AREA = EditorKey("Ctrl+PgDown", "下一领域", "Next area")
PREVIOUS_AREA = EditorKey("Ctrl+PgUp", "上一领域", "Previous area")
UNDO = EditorKey("Ctrl+Z", "撤销答案", "Undo answer")
REDO = EditorKey("Ctrl+Shift+Z", "重做答案", "Redo answer")
HEADER = EditorKey(
    "Ctrl+Shift+H", "走访信息（日期、成员、单位）", "Visit header (date, team, organisation)"
)
FINALISE = EditorKey("Ctrl+Shift+F", "定稿", "Finalise the visit")
REVISE = EditorKey("Ctrl+Shift+R", "修订（新版本）", "Revise (new revision)")
CLOSE = EditorKey("Ctrl+W", "关闭", "Close")

EDITOR_KEYS: tuple[EditorKey, ...] = (
    DIGITS,
    YES_NO,
    CLEAR,
    NEXT,
    NEXT_UNANSWERED,
    PREVIOUS_UNANSWERED,
    NOTE,
    FINDING,
    ADD_FINDING,
    NEXT_AREA,
    PREVIOUS_AREA,
    UNDO,
    REDO,
    HEADER,
    FINALISE,
    REVISE,
    CLOSE,
)
