"""Evaluation: checks, item outcomes, exemptions, scoring, findings, the district roll-up."""
