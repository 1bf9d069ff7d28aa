"""Generic dated events any part of Kneecap can export (recovery week, running sessions)."""
