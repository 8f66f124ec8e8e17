"""The guide's window: Help → Guide (F1) in both windows."""
