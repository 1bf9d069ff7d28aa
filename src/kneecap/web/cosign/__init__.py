"""The chiropractor's co-signature queue: page, API, dashboard panel, and the markers other
pages show beside text that waits."""
