"""The returns the LA receives: importing them, holding them, archiving the originals."""
