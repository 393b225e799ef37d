"""`python -m bench [name ...]`: run every benchmark module in bench/ (or the named ones)."""
import importlib
import pkgutil
import sys
from pathlib import Path

import torch

from bench.machine import facts

torch.set_num_threads(1)
here = str(Path(__file__).parent)
names = sys.argv[1:] or sorted(m.name for m in pkgutil.iter_modules([here])
                               if m.name not in {"machine", "__main__"})
print(facts())
for name in names:
    mod = importlib.import_module(f"bench.{name}")
    if hasattr(mod, "main"):
        print(f"\n== bench.{name}")
        mod.main()
