"""The board's self-evaluation: frameworks, ratings, summaries and the return file."""
