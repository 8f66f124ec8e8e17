"""The app's start-up: opening the database, seeding it on first run, the demo board."""
