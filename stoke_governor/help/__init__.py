"""The in-app guide: a short page for each page of the app and a glossary, shipped as
Markdown in resources/help/ (topics), and searched offline (search)."""
