"""Units of work: one transaction over the base repositories, plus each area's own."""
