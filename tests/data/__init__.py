"""Tests of the DfE readers, the importer and the figures' writer, on real files."""
