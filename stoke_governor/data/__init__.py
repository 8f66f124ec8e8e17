"""The DfE's published files: one reader per format, and the importer that stores their figures."""
