"""The one home of layout facts: titles, labels, aliases, code levels, table identities.

The one home of layout facts (spec/workbook.md): titles, header labels, row labels, aliases,
code levels, table identities. Pure data, shared by the reader (which finds tables and columns by
these labels), the writer (which lays out workbooks with them), the audit and the display tables.
No openpyxl here.
"""
from .fold import fold, fold_label, strip_enumerator  # noqa: F401
from .tables import *  # noqa: F401,F403
from .sheets import *  # noqa: F401,F403
from .aliases import *  # noqa: F401,F403
from .sums import *  # noqa: F401,F403
