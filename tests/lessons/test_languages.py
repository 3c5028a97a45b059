"""Translated editions: every lesson whose language is released (``X-Stemkit-Released: yes`` in its PO
header, see docs/translating.md) is run in that language; see tests/lessons/editions.py for what is proved.

One more case always runs, whatever is released: the welcome lesson with a stand-in Russian catalogue
(every text its English plus " [ru]"), so the machinery is tested before any translation is finished.
"""

import pytest

from stemkit.curriculum.notebook import read_notebook
from stemkit.curriculum.translate import LANGUAGES, released_languages, segments
from tests.lessons import editions

pytestmark = pytest.mark.lessons

RELEASED = [(lf, lang) for lf in editions.find_lessons(editions.ROOT) for lang in released_languages(lf)]


def _stand_in(lesson, lang):
    from babel.messages.catalog import Catalog

    cat = Catalog(locale=lang)
    for seg in segments(read_notebook(lesson.path)):
        cat.add(seg.text, seg.text + f" [{lang}]", context=seg.context)
    return cat


@pytest.mark.parametrize(("lesson", "lang"), RELEASED, ids=[f"{lf.lesson_id}-{lang}" for lf, lang in RELEASED])
def test_released_language(lesson, lang, tmp_path):
    editions.edition_in_language_works(lesson, lang, tmp_path)


def test_released_languages_are_known():
    assert all(lang in LANGUAGES for _lf, lang in RELEASED)


def test_machinery_with_a_stand_in_catalogue(tmp_path):
    lesson = next(lf for lf in editions.find_lessons(editions.ROOT) if lf.lesson_id == "start-01")
    catalog = _stand_in(lesson, "ru")
    editions.edition_in_language_works(lesson, "ru", tmp_path, catalog)
    edition, _path = editions.released_in(lesson, tmp_path / "again", "ru", catalog)
    text = "\n".join(editions.cell_source(c) for c in edition["cells"])
    assert " [ru]" in text and "Подсказка" in text          # lesson texts and stemkit's own words
