"""The LA's pages: City picture, Returns, Packs, and a school's side of a pack."""
