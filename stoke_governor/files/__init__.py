"""Reading files safely (workbooks, zips), whatever their source."""
