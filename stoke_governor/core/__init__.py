"""What everything else stands on: errors, paths, areas, the DfE's markers.

Imports nothing above it.
"""
