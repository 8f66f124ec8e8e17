"""The city's schools, and which one this installation's board governs."""
