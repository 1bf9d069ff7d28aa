"""Gait retraining: a block of cued runs started from a released running-form cue, its dose,
the fading of feedback, and how the runner's watch shows the change."""
