"""Running form: videos, analyses, review and release."""
