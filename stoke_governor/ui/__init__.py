"""Qt only: windows, pages, item models and dialogs over the Qt-free domain."""
