"""Every document the app writes for people: the minutes PDF and the action log, the training
record, the self-evaluation PDF and return workbook, and the LA's city summary (XLSX or PDF).

reportlab and openpyxl are imported only inside the writers (start-up time).
"""
