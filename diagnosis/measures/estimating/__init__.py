"""Estimating a proposal's figures from the visit's answers.

Owns the equipment tables and defaults (``tables``, reference/estimating.json), the prices
(``prices``, reference/prices.json: the firm's own, else a labelled typical one), reading the
answers an estimate needs and naming what is missing (``inputs``), the savings of each estimator
measure (``savings``, ``savings_heat``), the investment and payback ranges (``costing``), and
``proposals.estimate_proposal``, which the measures' rules call for every proposal. No Qt, no SQL.
"""
