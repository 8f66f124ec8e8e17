"""Tests of the LA's side: LA mode, returns, receipts, packs, the city picture and report."""
