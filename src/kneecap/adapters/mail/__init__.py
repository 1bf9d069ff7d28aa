"""Sending e-mail over SMTP (stdlib smtplib)."""
