"""The office figures in SQLite: implements ``diagnosis.office.ports.OfficeRepository``.

Sums run in SQL over the derived facts (``storage/office_facts.py``) and their covering indexes,
so the figures over 10,000 enterprises and 30,000 visits never read the visits themselves. The
register keys are copied onto the facts by the recount, so filters need no join.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from diagnosis.measures.proposals import COUNTED
from diagnosis.office.counting import KIND_BITS
from diagnosis.office.figures import MemberRow, OfficeFilter, RealisedSavings, SkippedRecord
from diagnosis.office.peers import INTENSITY
from diagnosis.office.ports import (
    EnterpriseRow,
    MeasureRow,
    PipelineGroup,
    RegisterGroup,
    ScoreRow,
    VisitGroup,
    VisitRow,
    YearGroup,
)

from storage.database import Store
from storage.migrations import FACT_AREAS
from storage.office_facts import refresh_facts
from storage.office_facts_scope import Scope, enterprise_scope, stale_in
from storage.office_skipped import skipped

_SCORES = ", ".join(f"score_{a}" for a in FACT_AREAS)
# Peers rank the areas' scores and, as one more key (INTENSITY), the 等价值 energy intensity.
_PEER_VALUES = f"{_SCORES}, intensity_equal_value"
_COUNTED = "(" + ", ".join(f"'{s}'" for s in COUNTED) + ")"
_KEYS = ("district", "industry", "cluster")


def _where(f: OfficeFilter, alias: str, year: str | None = None) -> tuple[str, list[Any]]:
    """`` AND ...`` for the filter's register keys on ``alias`` (and its year on ``year``)."""
    parts, params = [], []
    for name in _KEYS:
        value = getattr(f, name)
        if value is not None:
            parts.append(f"{_key_column(alias, name)} = ?")
            params.append(value)
    if year is not None and f.year is not None:
        parts.append(f"{alias}.{year} = ?")
        params.append(f.year)
    return "".join(f" AND {p}" for p in parts), params


def _scores(row: tuple[Any, ...]) -> dict[str, float | None]:
    return dict(zip(FACT_AREAS, row, strict=True))


def _peer_values(row: tuple[Any, ...]) -> dict[str, float | None]:
    """A ``_PEER_VALUES`` row: the area scores and the intensity under ``INTENSITY``."""
    return dict(zip((*FACT_AREAS, INTENSITY), row, strict=True))


def _diagnosed(f: OfficeFilter, alias: str = "e") -> tuple[str, list[Any]]:
    year = " AND v.year = ?" if f.year is not None else ""
    sql = (
        f"EXISTS (SELECT 1 FROM visit_facts v WHERE v.enterprise_id = {alias}.id "
        f"AND v.diagnosis = 1{year})"
    )
    return sql, [f.year] if f.year is not None else []


def _key_column(alias: str, name: str) -> str:
    """The column holding a register key. The register stores the finest industry code (3484,
    348 or 34) while figures are by division; the facts tables already hold the division."""
    if alias == "e" and name == "industry":
        return "substr(e.industry, 1, 2)"
    return f"{alias}.{name}"


def _is(column: str, key: str | None) -> tuple[str, list[Any]]:
    return (f" AND {column} IS NULL", []) if key is None else (f" AND {column} = ?", [key])


class SqliteOfficeRepository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    def refresh(self, progress: Callable[[int, int], None] | None = None) -> int:
        return refresh_facts(self.store, progress=progress)

    def refresh_peers(self, enterprise_id: str, budget: int) -> set[str]:
        """Bring the enterprise's own facts up to date, and each peer group's (division,
        district) where at most ``budget`` of its visits wait; the groups left waiting."""
        refresh_facts(self.store, scope=enterprise_scope(enterprise_id), workers=0)
        register = self.conn.execute(
            "SELECT substr(industry, 1, 2), district FROM enterprises WHERE id = ?",
            [enterprise_id],
        ).fetchone()
        waiting: set[str] = set()
        for group, key in zip(("industry", "district"), register or (), strict=False):
            if not key:
                continue
            column = "substr(industry, 1, 2)" if group == "industry" else "district"
            scope: Scope = (f"SELECT id FROM enterprises WHERE {column} = :key", {"key": key})
            if stale_in(self.store, scope) > budget:
                waiting.add(group)
            else:
                refresh_facts(self.store, scope=scope, workers=0)
        return waiting

    def skipped(self) -> list[SkippedRecord]:
        return skipped(self.conn)

    def register_groups(self, f: OfficeFilter) -> list[RegisterGroup]:
        diagnosed, params = _diagnosed(f)
        where, more = _where(f, "e")
        sql = (
            f"SELECT e.district, {_key_column('e', 'industry')}, e.cluster, e.above_scale, "
            f"e.willing, {diagnosed}, "
            "EXISTS (SELECT 1 FROM visit_facts v WHERE v.enterprise_id = e.id), count(*) "
            f"FROM enterprises e WHERE e.deleted = 0{where} GROUP BY 1, 2, 3, 4, 5, 6, 7"
        )
        return [
            RegisterGroup(d, i, c, bool(a), bool(w), bool(dg), bool(vs), n)
            for d, i, c, a, w, dg, vs, n in self.conn.execute(sql, [*params, *more])
        ]

    def year_groups(self, f: OfficeFilter) -> list[YearGroup]:
        # One row per enterprise and year (its latest diagnosis that year): no DISTINCT needed.
        where, params = _where(f, "v")
        sql = (
            "SELECT v.year, v.above_scale, v.willing, count(*), total(v.first_year) "
            "FROM visit_facts v INDEXED BY visit_facts_years "
            f"WHERE v.year_diagnosis = 1 AND v.year IS NOT NULL{where} GROUP BY 1, 2, 3"
        )
        return [
            YearGroup(y, bool(a), bool(w), n, int(first))
            for y, a, w, n, first in self.conn.execute(sql, params)
        ]

    def visit_groups(self, f: OfficeFilter) -> list[VisitGroup]:
        where, params = _where(f, "v", "year")
        sql = (
            "SELECT v.month, v.status, v.is_follow_up, count(*) FROM visit_facts v "
            f"WHERE v.counted = 1{where} GROUP BY 1, 2, 3"
        )
        return [VisitGroup(m, s, bool(fu), n) for m, s, fu, n in self.conn.execute(sql, params)]

    def members(self, f: OfficeFilter) -> list[MemberRow]:
        where, params = _where(f, "m", "year")
        first = "first_of_year" if f.year is not None else "first_visit"
        sql = (
            "SELECT m.member, count(*), total(1 - m.is_follow_up), total(m.is_follow_up), "
            f"total(m.{first}) FROM visit_members m INDEXED BY visit_members_counted "
            f"WHERE m.counted = 1{where} GROUP BY m.member ORDER BY 2 DESC, 1"
        )
        return [
            MemberRow(str(m), n, int(d), int(fu), int(e))
            for m, n, d, fu, e in self.conn.execute(sql, params)
        ]

    def pipeline_groups(self, f: OfficeFilter) -> list[PipelineGroup]:
        where, params = _where(f, "m", "origin_year")
        sql = (
            "SELECT m.district, m.area, m.category, m.status, m.origin_year, m.kind_mask, "
            "count(*), total(m.investment), total(m.money), total(m.tce), total(m.co2), "
            "total(m.water), count(m.investment), count(m.money), m.project, "
            "CAST(nullif(substr(m.start_month, 1, 4), '') AS INTEGER) "
            "FROM measure_facts m INDEXED BY measure_facts_current "
            f"WHERE m.is_current = 1{where} GROUP BY 1, 2, 3, 4, 5, 6, 15, 16"
        )
        return [PipelineGroup._make(row) for row in self.conn.execute(sql, params)]

    def realised(self, f: OfficeFilter) -> RealisedSavings:
        where, params = _where(f, "m", "origin_year")
        sql = (
            "SELECT count(*), total(m.projected_money), total(m.realised_money), "
            "total(m.projected_tce), total(m.realised_tce) FROM measure_facts m "
            "INDEXED BY measure_facts_realised WHERE m.is_current = 1 "
            f"AND coalesce(m.realised_money, m.realised_tce) IS NOT NULL{where}"
        )
        n, pm, rm, pt, rt = self.conn.execute(sql, params).fetchone()
        return RealisedSavings(n, pm, rm, pt, rt)

    def open_proposals(self, f: OfficeFilter) -> int:
        where, params = _where(f, "v", "year")
        sql = f"SELECT total(v.open_proposals) FROM visit_facts v WHERE v.open_proposals > 0{where}"
        return int(self.conn.execute(sql, params).fetchone()[0])

    def latest_scores(self, f: OfficeFilter) -> list[ScoreRow]:
        where, params = _where(f, "v")
        sql = (
            f"SELECT v.enterprise_id, v.industry, v.district, {_SCORES} FROM visit_facts v "
            f"WHERE v.latest_diagnosis = 1{where}"
        )
        return [ScoreRow(r[0], r[1], r[2], _scores(r[3:])) for r in self.conn.execute(sql, params)]

    def enterprise_scores(self, enterprise_id: str, visit_id: str | None) -> ScoreRow | None:
        register = self.conn.execute(
            "SELECT substr(industry, 1, 2), district FROM enterprises WHERE id = ? AND deleted = 0",
            [enterprise_id],
        ).fetchone()
        if register is None:
            return None
        if visit_id is not None:
            sql = f"SELECT {_PEER_VALUES} FROM visit_facts WHERE visit_id = ? AND enterprise_id = ?"
            found = self.conn.execute(sql, [visit_id, enterprise_id]).fetchone()
        else:
            sql = (
                f"SELECT {_PEER_VALUES} FROM visit_facts "
                "WHERE enterprise_id = ? AND latest_diagnosis = 1"
            )
            found = self.conn.execute(sql, [enterprise_id]).fetchone()
        scores = (
            _peer_values(found) if found is not None else dict.fromkeys((*FACT_AREAS, INTENSITY))
        )
        return ScoreRow(enterprise_id, register[0], register[1], scores)

    def peer_scores(self, group: str, key: str, exclude: str) -> list[Mapping[str, float | None]]:
        if group not in ("industry", "district"):
            raise ValueError(f"no peer group {group!r}")
        sql = (
            f"SELECT {_PEER_VALUES} FROM visit_facts WHERE latest_diagnosis = 1 AND {group} = ? "
            "AND enterprise_id != ?"
        )
        return [_peer_values(r) for r in self.conn.execute(sql, [key, exclude])]

    def drill(
        self, f: OfficeFilter, dimension: str, key: str | None, measure: str | None
    ) -> list[str]:
        sql, params = self._drill_sql(f, dimension, key, measure)
        return [
            r[0] for r in self.conn.execute(f"SELECT DISTINCT id FROM ({sql}) ORDER BY id", params)
        ]

    def _drill_sql(
        self, f: OfficeFilter, dimension: str, key: str | None, measure: str | None
    ) -> tuple[str, list[Any]]:
        if dimension in ("district", "industry", "cluster", "total", "year"):
            return self._drill_register(f, dimension, key, measure or "diagnosed")
        if dimension == "never_visited":
            where, params = _where(f, "e")
            target = " AND e.above_scale = 1 AND e.willing = 1" if measure == "target" else ""
            return (
                f"SELECT e.id FROM enterprises e WHERE e.deleted = 0{where}{target} AND NOT "
                "EXISTS (SELECT 1 FROM visit_facts v WHERE v.enterprise_id = e.id)",
                params,
            )
        if dimension in ("member", "month", "visit_status"):
            where, params = _where(f, "v", "year")
            if dimension == "member":
                where, params = _where(f, "m", "year")
                return (
                    "SELECT m.enterprise_id AS id FROM visit_members m "
                    f"WHERE m.counted = 1 AND m.member = ?{where}",
                    [key, *params],
                )
            column = "month" if dimension == "month" else "status"
            return (
                f"SELECT v.enterprise_id AS id FROM visit_facts v WHERE v.counted = 1 "
                f"AND v.{column} = ?{where}",
                [key, *params],
            )
        return self._drill_measures(f, dimension, key)

    def _drill_register(
        self, f: OfficeFilter, dimension: str, key: str | None, measure: str
    ) -> tuple[str, list[Any]]:
        where, params = _where(f, "e")
        sql = f"SELECT e.id FROM enterprises e WHERE e.deleted = 0{where}"
        if dimension in _KEYS:
            cond, more = _is(_key_column("e", dimension), key)
            sql, params = sql + cond, params + more
        if measure in ("above_scale", "diagnosed_above_scale", "target", "diagnosed_target"):
            sql += " AND e.above_scale = 1"
        if measure in ("target", "diagnosed_target"):
            sql += " AND e.willing = 1"
        if measure.startswith("diagnosed"):
            year = f.year if dimension != "year" else int(key or 0)
            diagnosed, more = _diagnosed(OfficeFilter(year=year))
            sql, params = f"{sql} AND {diagnosed}", params + more
        return sql, params

    def _drill_measures(
        self, f: OfficeFilter, dimension: str, key: str | None
    ) -> tuple[str, list[Any]]:
        where, params = _where(f, "m", "origin_year")
        sql = f"SELECT m.enterprise_id AS id FROM measure_facts m WHERE m.is_current = 1{where}"
        if dimension in ("pipeline.area", "pipeline.category", "pipeline.district", "accepted"):
            sql += f" AND m.status IN {_COUNTED}"
        if dimension in ("pipeline.area", "pipeline.category"):
            sql += f" AND m.{dimension.split('.')[1]} = ?"
            params.append(key or "")
        elif dimension == "pipeline.district":
            cond, more = _is("m.district", key)
            sql, params = sql + cond, params + more
        elif dimension == "pipeline.status":
            sql += " AND m.status = ?"
            params.append(key)
            if key == "proposed":  # the rules' open proposals are proposed measures too
                where_v, more = _where(f, "v", "year")
                sql += (
                    " UNION SELECT v.enterprise_id AS id FROM visit_facts v "
                    f"WHERE v.counted = 1 AND v.open_proposals > 0{where_v}"
                )
                params += more
        elif dimension == "pipeline.project":
            sql += f" AND m.status IN {_COUNTED} AND m.project != '' AND m.project = ?"
            params.append(key or "")
        elif dimension == "pipeline.start_year":
            sql += f" AND m.status IN {_COUNTED} AND m.project != ''"
            if key is None:
                sql += " AND m.start_month = ''"
            else:
                sql += " AND substr(m.start_month, 1, 4) = ?"
                params.append(key)
        elif dimension == "kind":
            if key not in KIND_BITS:
                raise ValueError(f"no project kind {key!r} (one of {sorted(KIND_BITS)})")
            sql += f" AND m.status IN {_COUNTED} AND (m.kind_mask & ?) != 0"
            params.append(KIND_BITS[key])
        elif dimension == "realised":
            sql += " AND coalesce(m.realised_money, m.realised_tce) IS NOT NULL"
        elif dimension != "accepted":
            raise ValueError(f"cannot drill into {dimension!r}")
        return sql, params

    def enterprise_rows(self, f: OfficeFilter) -> list[EnterpriseRow]:
        diagnosed, dparams = _diagnosed(f)
        year = " AND v.year = ?" if f.year is not None else ""
        yparams = [f.year] if f.year is not None else []
        where, params = _where(f, "e")
        sql = (
            "SELECT e.id, e.name, e.credit_code, e.district, e.industry, e.cluster, "
            "e.above_scale, e.willing, (SELECT count(*) FROM visit_facts v WHERE "
            f"v.enterprise_id = e.id AND v.counted = 1{year}), {diagnosed}, "
            "coalesce((SELECT max(v.date) FROM visit_facts v WHERE v.enterprise_id = e.id "
            f"AND v.counted = 1{year}), '') FROM enterprises e WHERE e.deleted = 0{where} "
            "ORDER BY e.sort_name, e.id"
        )
        return [
            EnterpriseRow._make((*r[:6], bool(r[6]), bool(r[7]), r[8], bool(r[9]), r[10]))
            for r in self.conn.execute(sql, [*yparams, *dparams, *yparams, *params])
        ]

    def visit_rows(self, f: OfficeFilter) -> list[VisitRow]:
        where, params = _where(f, "e")
        year = " AND v.year = ?" if f.year is not None else ""
        sql = (
            "SELECT v.visit_id, v.enterprise_id, e.name, e.credit_code, e.district, v.date, "
            "v.status, v.revision, v.previous_id, v.counted, v.diagnosis, v.team, "
            f"{', '.join(f'v.score_{a}' for a in FACT_AREAS)} FROM visit_facts v "
            f"JOIN enterprises e ON e.id = v.enterprise_id WHERE e.deleted = 0{where}{year} "
            "ORDER BY v.date, v.visit_id"
        )
        more = [f.year] if f.year is not None else []
        return [
            VisitRow._make(
                (*r[:9], bool(r[9]), bool(r[10]), tuple(json.loads(r[11])), _scores(r[12:]))
            )
            for r in self.conn.execute(sql, [*params, *more])
        ]

    def measure_rows(self, f: OfficeFilter) -> list[MeasureRow]:
        where, params = _where(f, "m", "origin_year")
        sql = (
            "SELECT m.visit_id, m.enterprise_id, e.name, m.district, m.code, m.title, m.area, "
            "m.category, m.status, m.origin_year, m.investment, m.money, m.tce, m.co2, m.water, "
            "m.kinds, m.realised_money, m.project, m.start_month, m.duration, m.support, "
            "e.credit_code, m.industry FROM measure_facts m JOIN enterprises e "
            f"ON e.id = m.enterprise_id WHERE m.is_current = 1{where} "
            "ORDER BY e.sort_name, m.enterprise_id, m.key"
        )
        return [
            MeasureRow._make(
                (
                    *r[:15],
                    tuple(json.loads(r[15])),
                    *r[16:20],
                    tuple(tuple(s) for s in json.loads(r[20])),
                    *r[21:],
                )
            )
            for r in self.conn.execute(sql, params)
        ]
