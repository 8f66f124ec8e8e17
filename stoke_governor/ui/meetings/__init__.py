"""The Meetings page: meetings, agenda, attendance."""
