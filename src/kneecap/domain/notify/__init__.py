"""E-mail notifications: the template registry, and the rule that no e-mail carries health
data (only the clinic's name, a time, and a link to sign in)."""
