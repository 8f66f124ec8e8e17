"""The return's format (version 1): the names a return file carries, for writing it
(`return_writing`) and reading it (`return_reading`); `return_file` describes the format.
"""

FORMAT = "stoke-governor-return"
FORMAT_VERSION = 1
NAMESPACE = "urn:stoke-governor:return"
PART = "customXml/item1.xml"  # where the app writes it; readers also look at customXml/item*.xml
