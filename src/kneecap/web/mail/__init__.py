"""The outbox page: every e-mail sent or waiting (what would be sent, without a server)."""
