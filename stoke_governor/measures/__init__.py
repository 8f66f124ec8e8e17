"""The measures: catalogue, city targets, on/off-track tracking, trends, priorities, snapshots."""
