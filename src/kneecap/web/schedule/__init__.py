"""The clinic's day on the web: appointments and availability (API), day and week views,
the portal's visits and booking, the clinic's scheduling settings."""
