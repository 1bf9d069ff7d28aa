"""Care: plans, visit notes, home programme, outcomes, escalation."""
