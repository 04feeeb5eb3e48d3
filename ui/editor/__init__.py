"""The case editor: fields, forms for each section, the editor page and the history dialog."""
