"""My Plan: people write their own care and support plan and agree it with their council."""
