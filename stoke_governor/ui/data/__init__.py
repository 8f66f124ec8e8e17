"""Importing DfE files from the GUI."""
