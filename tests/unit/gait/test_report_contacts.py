"""The report's contact list links each contact to its frame of the annotated video."""

import re

from kneecap.adapters.video.report import render_html
from kneecap.domain.gait.metrics import analyse
from tests.support.synthetic import stick_runner


def test_each_contact_links_to_the_middle_of_its_marked_frame() -> None:
    m = analyse(stick_runner(170, 30, 10))
    page = render_html(m, [], "annotated.mp4")
    links = re.findall(r'<a href="annotated\.mp4#t=([0-9.]+)">([0-9.]+)</a>', page)
    assert len(links) == len(m.steps) > 10
    for (seek, shown), step in zip(links, m.steps, strict=True):
        assert float(shown) == round(step.ic_frame / m.fps, 2)
        assert round(float(seek) * m.fps - 0.5) == round(step.ic_frame)
    assert "#t=" not in render_html(m, [], None)  # no video beside it: times only
