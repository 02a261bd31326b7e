"""CSV cells that a spreadsheet would run as a formula, neutralised (the OWASP "CSV injection" rule).

Every CSV bordermap writes (a report's ``claims.csv``, a corpus's tables) holds text taken from the
articles and their metadata.  A spreadsheet opening the file runs a cell that begins with ``=``,
``+``, ``-`` or ``@`` (or a tab or carriage return, which some strip first) as a formula, so such a
cell is written with a single quote before it (``'=HYPERLINK(...)``), which spreadsheets show as text.
A cell that is a plain number (``-12.5``, ``+3``, ``-1e-3``) is no formula and is left as it is, so
negative numbers stay numbers.  :func:`safe_cell` is the rule; :func:`safe_table` applies it to the
text columns of an Arrow table.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

#: The first characters that make a cell a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STARTS = "^[=+\\-@\t\r]"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell no spreadsheet runs: text that would start a formula gets a ``'`` before it.

    Anything that is not text, and text that is a plain number, is returned unchanged.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("@SUM(A1)"), safe_cell("+cmd"), safe_cell("\\t=1")
    ('\\'=HYPERLINK("http://x")', "'@SUM(A1)", "'+cmd", "'\\t=1")
    >>> safe_cell("-12.5"), safe_cell("+3"), safe_cell(-4.0), safe_cell("Vilnius"), safe_cell("-1+1")
    ('-12.5', '+3', -4.0, 'Vilnius', "'-1+1")
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_table(table: pa.Table) -> pa.Table:
    """The table with :func:`safe_cell` applied to every cell of its text columns (other columns unchanged).

    Only the cells that begin with a formula character are looked at one by one.

    Examples
    --------
    >>> import pyarrow as pa
    >>> safe_table(pa.table({"t": ["=1+1", "-3", "ok", None], "n": [-1, 2, 3, 4]})).to_pydict()
    {'t': ["'=1+1", '-3', 'ok', None], 'n': [-1, 2, 3, 4]}
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    for k, field in enumerate(table.schema):
        if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
            continue
        column = table.column(k).combine_chunks()
        mask = pc.fill_null(pc.match_substring_regex(column, _STARTS), False)
        if not pc.any(mask).as_py():
            continue
        values = column.filter(mask).to_pylist()
        fixed = pa.array([safe_cell(v) for v in values], type=field.type)
        table = table.set_column(k, field, pc.replace_with_mask(column, mask, fixed))
    return table
