"""The clinic's day: appointment types, working hours, open slots and the clinic's time zone."""
