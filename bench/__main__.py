"""`python -m bench [name ...]`: run every benchmark module in bench/ (or the named ones).
The load test starts a server and takes a minute: only when named (`python -m bench
loadtest`, or `python -m bench.loadtest` with its options)."""
import importlib
import pkgutil
import sys
from pathlib import Path

import torch

from bench.machine import facts

torch.set_num_threads(1)
here = str(Path(__file__).parent)
names = sys.argv[1:] or sorted(m.name for m in pkgutil.iter_modules([here])
                               if m.name not in {"machine", "__main__", "loadtest"})
print(facts())
for name in names:
    mod = importlib.import_module(f"bench.{name}")
    if hasattr(mod, "main"):
        print(f"\n== bench.{name}")
        mod.main([]) if name == "loadtest" else mod.main()
