"""Evidence files: the format (evidence.md), loading, validation and the JSON Schema."""

FORMAT = "tj-audit/evidence@1"
