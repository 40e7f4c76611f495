"""Excel: the only package that opens workbooks (openpyxl, xlrd): reading, writing, annotating."""
