"""UI building blocks for Descent Lab: text, controls, cached core calls, figures.

Importing this package configures the process once for serving many sessions: torch
uses one intra-op thread (sessions are threads of one process; see ARCHITECTURE), and the
fused engine's compiled kernels are loaded once from numba's disk cache (filled by `make
install` and the image build), so no request pays a compile.
"""
import os

import torch

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
if torch.get_num_threads() != 1:
    torch.set_num_threads(1)

from optim_core import warm

warm()
