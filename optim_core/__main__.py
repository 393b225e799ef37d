import sys

import torch

from .cli import main

torch.set_num_threads(1)
sys.exit(main())
