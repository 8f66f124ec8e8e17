"""Reading files safely, whatever their source: workbooks, zips, text, canonical JSON, digests."""
