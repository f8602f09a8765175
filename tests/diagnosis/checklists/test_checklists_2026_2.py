"""Energy and water 2026.2: every 2026.1 item is kept as it was (a visit of 2026.1 scores the
same), and the inputs the measure estimators need are asked under the ids others rely on."""

from __future__ import annotations

import pytest

from diagnosis.assessment.scoring import relevant, score_area
from diagnosis.checklists.load import available_versions, load_checklist

NEW = {
    "energy": {
        "E33": ("h/yr", 0, 8784),
        "E34": ("元/kWh", 0, 10),
        "E35": ("元/m³", 0, 50),
        "E36": ("kW", 0, None),
        "E37": ("%", 0, 100),
        "E38": ("m²", 0, None),
    },
    "water": {"W22": ("元/m³", 0, 100)},
}


@pytest.mark.parametrize("area", ["energy", "water"])
def test_checklist_2026_2_keeps_every_2026_1_item(area: str) -> None:
    old, new = load_checklist(area, "2026.1"), load_checklist(area, "2026.2")
    assert "2026.2" in available_versions(area)  # 2026.3 (issue 17) follows it
    assert load_checklist(area).version == available_versions(area)[-1]  # new visits: newest
    for item in old.items:
        assert new.item(item.id) == item, item.id
    added = {i.id for i in new.items} - {i.id for i in old.items}
    assert added == set(NEW[area])
    # the old items keep their order; the new ones are recorded, never scored
    assert [i.id for i in new.items if i.id not in added] == [i.id for i in old.items]
    assert all(new.item(i).weight == 0 and not new.item(i).required for i in added)


@pytest.mark.parametrize("area", ["energy", "water"])
def test_checklist_2026_2_new_items_are_numbers_with_units_and_ranges(area: str) -> None:
    checklist = load_checklist(area, "2026.2")
    for item_id, (unit, low, high) in NEW[area].items():
        item = checklist.item(item_id)
        assert item.type == "number"
        assert (item.unit, item.minimum, item.maximum) == (unit, low, high)
        assert item.text.zh and item.text.en and item.help is not None


def test_checklist_2026_2_new_items_show_when_they_matter() -> None:
    energy = load_checklist("energy", "2026.2")

    def shown(answers: dict[str, object]) -> set[str]:
        return {i.id for i in relevant(energy, answers)}

    always = {"E33", "E34"}
    assert always <= shown({})
    assert not {"E35", "E36", "E37", "E38"} & shown({})
    assert "E35" in shown({"E02": {"natural_gas": {"quantity": 1000}}})
    assert "E36" in shown({"E15": "some"}) and "E36" not in shown({"E15": "most"})
    assert "E37" in shown({"E08": {"group_2": {"count": 1}}})
    assert "E38" in shown({"E30": "suitable"}) and "E38" not in shown({"E30": "installed"})


def test_checklist_2026_1_answers_score_the_same_on_2026_2() -> None:
    answers = {"E15": "none", "E16": "no", "E08": {"group_1": {"count": 2}}, "E24": "mixed"}
    old = score_area(load_checklist("energy", "2026.1"), answers)
    new = score_area(load_checklist("energy", "2026.2"), {**answers, "E33": 6000, "E36": 55})
    assert new.score == old.score
