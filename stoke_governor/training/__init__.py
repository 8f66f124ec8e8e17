"""Governor training: the LA's modules and the board's training records."""
