"""The office figures as plain JSON data: the ``stats --json`` contract (docs/office.md).

Codes, not labels: a script joins them to the reference lists it needs. Stable keys; new ones
may be added, none renamed.
"""

from __future__ import annotations

from typing import Any

from diagnosis.office.figures import CoverageRow, OfficeFigures, PipelineRow, Sums


def _share(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _coverage(r: CoverageRow) -> dict[str, Any]:
    return {
        "key": r.key,
        "enterprises": r.enterprises,
        "above_scale": r.above_scale,
        "willing_above_scale": r.target,
        "diagnosed": r.diagnosed,
        "diagnosed_above_scale": r.diagnosed_above_scale,
        "diagnosed_willing_above_scale": r.diagnosed_target,
        "share": _share(r.share),
    }


def sums_to_dict(s: Sums) -> dict[str, Any]:
    return {
        "count": s.count,
        "investment_10k_yuan": round(s.investment_10k_yuan, 4),
        "money_saved_yuan": round(s.money_saved_yuan, 2),
        "tce": round(s.tce, 4),
        "co2_t": round(s.co2_t, 4),
        "water_m3": round(s.water_m3, 2),
        "without_investment": s.without_investment,
        "without_money": s.without_money,
    }


def _pipeline(r: PipelineRow) -> dict[str, Any]:
    return {"key": r.key, **sums_to_dict(r.sums), "statuses": dict(r.statuses)}


def figures_to_dict(fig: OfficeFigures) -> dict[str, Any]:
    f, t = fig.filter, fig.total
    return {
        "filter": {
            "year": f.year,
            "district": f.district,
            "industry": f.industry,
            "cluster": f.cluster,
        },
        "enterprises": {
            "total": t.enterprises,
            "above_scale": t.above_scale,
            "willing_above_scale": t.target,
            "diagnosed": t.diagnosed,
            "diagnosed_above_scale": t.diagnosed_above_scale,
            "diagnosed_willing_above_scale": t.diagnosed_target,
            "coverage_share": _share(t.share),
            "never_visited": fig.never_visited,
            "never_visited_willing_above_scale": fig.never_visited_target,
        },
        "coverage": {dim: [_coverage(r) for r in rows] for dim, rows in fig.coverage.items()},
        "progress": [
            {
                "year": p.year,
                "first_diagnosed": p.first_diagnosed,
                "cumulative": p.cumulative,
                "willing_above_scale": p.target,
                "share": _share(p.share),
            }
            for p in fig.progress
        ],
        "visits": {
            "total": fig.visits,
            "diagnoses": fig.diagnoses,
            "follow_ups": fig.follow_ups,
            "by_status": dict(fig.visit_statuses),
            "by_month": [
                {
                    "month": m.month,
                    "visits": m.visits,
                    "diagnoses": m.diagnoses,
                    "follow_ups": m.follow_ups,
                }
                for m in fig.trend
            ],
            "by_member": [
                {
                    "member": m.member,
                    "visits": m.visits,
                    "diagnoses": m.diagnoses,
                    "follow_ups": m.follow_ups,
                    "enterprises": m.enterprises,
                }
                for m in fig.members
            ],
        },
        "measures": {
            "accepted": sums_to_dict(fig.accepted),
            **{f"by_{dim}": [_pipeline(r) for r in rows] for dim, rows in fig.pipeline.items()},
            "realised": {
                "measures": fig.realised.measures,
                "projected_money_yuan": round(fig.realised.projected_money_yuan, 2),
                "realised_money_yuan": round(fig.realised.realised_money_yuan, 2),
                "projected_tce": round(fig.realised.projected_tce, 4),
                "realised_tce": round(fig.realised.realised_tce, 4),
                "money_ratio": _share(fig.realised.money_ratio),
            },
        },
        "targets": [
            {
                "kind": r.kind,
                "year": r.year,
                "count": r.count,
                "target": r.target,
                "share": _share(r.share),
                "stated": r.stated,
                "source": r.source,
            }
            for r in fig.targets
        ],
        "facts_refreshed": fig.facts_refreshed,
        # Stored records no figure includes: the app cannot read them (docs/sync.md).
        "skipped": [{"table": s.table, "id": s.id, "reason": s.reason} for s in fig.skipped],
    }
