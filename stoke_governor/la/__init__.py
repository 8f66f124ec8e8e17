"""The LA's Governor Services: LA mode, returns received, receipts, packs, the city picture
and the risk rule."""
