"""The escape lab's seeds control states its work limit ("at most ...") like the other
limited controls, and the number it states is the core's: that many seeds are accepted,
one more is refused (issue 12)."""
import re
from dataclasses import replace

import pytest
from conftest import app_test

from optim_core.escape import default_escape, noise_levels


def seeds_caption(at) -> str:
    found = [c.value for c in at.caption if "seeds here" in c.value]
    assert len(found) == 1, [c.value for c in at.caption]
    return found[0]


@pytest.mark.parametrize("surface", ["lecture_w1w2", "logistic_mse"])
def test_the_seeds_caption_states_the_cores_limit(surface):
    at = app_test("critical", timeout=300)
    if surface != "lecture_w1w2":
        at.selectbox(key="critical.surface").set_value(surface)
        at.run()
    assert not at.exception, at.exception
    most = int(re.search(r"At most ([\d,]+) seeds", seeds_caption(at)).group(1).replace(",", ""))
    base = replace(default_escape(surface, (0.0, 0.0)), sigmas=noise_levels(1.0))
    if most < 128:                       # the limit, not the slider's end, binds here
        replace(base, seeds=most)
        with pytest.raises(ValueError, match="seeds"):
            replace(base, seeds=most + 1)
    else:
        replace(base, seeds=128)
    assert surface == "lecture_w1w2" or most < 128
