"""Documents attached to visits: upload, pasted text, extraction, download, delete."""
