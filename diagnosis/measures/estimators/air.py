"""Compressed-air leak repair estimated from the load/unload test (REFERENCE §2.10 #4, §2.11(b)).

The orifice estimator (``estimators_energy.air_leak``) needs each hole's size, which a visit does
not record; this one starts from what the checklist asks: the compressors' power, the operating
hours and the leak share measured by the load/unload test. No Qt, no SQL.
"""

from __future__ import annotations

from diagnosis.measures.estimates import Estimate, annual_hours, check, given, positive
from diagnosis.measures.estimating.tables import estimating_tables
from diagnosis.messages import Bilingual


def leak_repair(
    compressor_kw: float,
    hours: float,
    leak_share_pct: float,
    *,
    target_share_pct: float | None = None,
    load_factor: float | None = None,
) -> Estimate:
    """Energy saved by repairing leaks: the station's energy (rated kW × load × hours) times the
    leak share above what repair leaves (default 10 %); none when the share is already there."""
    defaults = estimating_tables().defaults
    target_default, load_default = defaults["leak_target_share"], defaults["compressor_load_factor"]
    kw = positive(compressor_kw, "compressor_kw")
    h = annual_hours(hours)
    share = check(leak_share_pct, "leak_share_pct", low=0, high=100, rule="a share in %")
    target = target_default.value if target_share_pct is None else target_share_pct
    target = check(target, "target_share_pct", low=0, high=100, rule="a share in %")
    load = load_default.value if load_factor is None else load_factor
    load = check(load, "load_factor", low=0, high=1, low_open=True, rule="a share of rating")
    station = kw * load * h
    saving = station * max(0.0, share - target) / 100
    formula = Bilingual(
        "节电量 = 空压机额定功率 × 平均负载率 × h × (泄漏率 − 修复后泄漏率)",
        "saving = compressors' rated power × average load × h × (leak share − share after repair)",
    )
    title = Bilingual("压缩空气检漏修复年节电量", "Compressed-air leak repair: annual saving")
    note = None
    if share <= target:
        note = Bilingual(
            "泄漏率已不高于修复后的目标，不计节约",
            "the leak share is already at or below what repair leaves: no saving",
        )
    return Estimate(
        "air_leak.repair",
        title,
        saving,
        "kWh/yr",
        given(compressor_kw=kw, hours=h, leak_share_pct=share),
        (target_default.used(target), load_default.used(load)),
        formula,
        given(station_kwh=station),
        note,
    )
