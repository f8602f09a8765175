"""The measures' estimators, one module per kind of measure: pure functions from a visit's
answers to an ``Estimate`` (diagnosis.measures.estimates), each named by the catalogue entry
that uses it (reference/measures.json)."""

# Where the catalogue looks an estimator up (diagnosis.measures.catalogue.estimator_names),
# imported there by name and late, so that an estimator module may use the catalogue itself.
# A new estimator module is added here.
MODULES = (
    "diagnosis.measures.estimates",  # the generic ones beside the Estimate type (simple_payback)
    "diagnosis.measures.estimators.air",
    "diagnosis.measures.estimators.energy",
    "diagnosis.measures.estimators.water",
)
