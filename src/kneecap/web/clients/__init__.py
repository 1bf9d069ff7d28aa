"""Client records and the client list."""
