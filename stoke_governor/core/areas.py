"""The areas figures are compared across, by ONS code."""

CITY, WEST_MIDLANDS, ENGLAND = "E06000021", "E12000005", "E92000001"
CITY_LA = "861"  # Stoke-on-Trent's DfE local authority number
