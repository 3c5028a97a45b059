"""Sealed student editions of the electronics lessons (see tests/lessons/editions.py for what each aspect proves)."""

import pytest

from tests.lessons import editions

pytestmark = pytest.mark.lessons


@pytest.mark.parametrize("aspect", list(editions.ASPECTS))
@pytest.mark.parametrize("lesson", editions.lessons("electronics"), ids=lambda lf: lf.lesson_id)
def test_sealed_edition(lesson, aspect, tmp_path):
    editions.ASPECTS[aspect](lesson, tmp_path)
