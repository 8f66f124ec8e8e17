"""The Self-evaluation page: rating items, the chart, exports."""
