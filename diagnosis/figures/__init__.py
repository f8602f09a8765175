"""The figures computed from a year of activity: reference coefficients, indicators (standard
coal on both bases, CO2, intensity, water) with how each was computed, the energy structure,
consumption limits, the equipment inventory, the water balance and quotas, and the cleaner-
production inventory."""
