"""The windows and what frames them: application start, main and LA windows, errors, state."""
