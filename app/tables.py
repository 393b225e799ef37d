"""Tables as people read them: numbers stay numbers (sortable), shown in scientific
notation where fixed-point would clip them to "0.0000" or run to many digits."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

FIXED = "%.4f"
SCIENTIFIC = "%.3e"


def number_format(values) -> str:
    """``%.3e`` for a column holding a non-zero magnitude below 1e-3 or at least 1e5,
    else ``%.4f``."""
    v = np.abs(np.asarray(values, dtype=np.float64))
    v = v[np.isfinite(v) & (v > 0)]
    if v.size and (v.min() < 1e-3 or v.max() >= 1e5):
        return SCIENTIFIC
    return FIXED


def number_columns(df: pd.DataFrame) -> dict:
    """``column_config`` for every float column of ``df``."""
    return {c: st.column_config.NumberColumn(format=number_format(df[c]))
            for c in df.columns if pd.api.types.is_float_dtype(df[c])}


def show_table(df: pd.DataFrame, where=st, **kwargs) -> None:
    where.dataframe(df, hide_index=True, column_config=number_columns(df), **kwargs)
