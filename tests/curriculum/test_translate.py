"""Lesson catalogues: segments, fuzzy entries when the English changes, lint of translations, round trip."""

from __future__ import annotations

import ast
import shutil

import pytest

from stemkit.curriculum.lint import GlossaryTerm, glossary_matches, lint_translations
from stemkit.curriculum.notebook import (
    LessonFile,
    cell_source,
    find_lessons,
    read_notebook,
    repo_root,
    write_notebook,
)
from stemkit.curriculum.translate import (
    _render,
    catalog_status,
    code_pieces,
    entry_problems,
    load_catalog,
    markdown_pieces,
    segments,
    set_header_field,
    translate_notebook,
    update_catalog,
)

ROOT = repo_root()


@pytest.fixture
def lesson(tmp_path):
    """A copy of the welcome lesson in a course folder of its own."""
    src = next(lf for lf in find_lessons(ROOT) if lf.lesson_id == "start-01")
    folder = tmp_path / "lessons" / "start"
    folder.mkdir(parents=True)
    shutil.copy(src.path, folder / src.path.name)
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    return LessonFile(folder / src.path.name, "start", src.number, src.slug)


def _translate_all(path, lang="ru", mark="[ru] "):
    """Fill every msgstr: the English with a mark in front (so formulas, code and numbers are kept)."""
    cat = load_catalog(path, lang)
    for msg in cat:
        if msg.id:
            msg.string = mark + msg.id
    text = path.read_text(encoding="utf-8")
    head = text.split("\n\n", 1)[0]
    body = _render(cat).split("\n\n", 1)[1]
    path.write_text(head + "\n\n" + body, encoding="utf-8")


def _first_paragraph(nb):
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown" and "teacher" not in cell["metadata"].get("tags", []):
            for text, kind in markdown_pieces(cell_source(cell)):
                if kind == "paragraph" and ". " in text:
                    return i, text
    raise AssertionError("no paragraph")


def test_markdown_pieces_give_every_cell_back():
    for lf in find_lessons(ROOT):
        for cell in read_notebook(lf.path)["cells"]:
            if cell["cell_type"] == "markdown":
                src = cell_source(cell)
                assert "".join(t for t, _k in markdown_pieces(src)) == src, (lf.lesson_id, cell.get("id"))


def test_markdown_is_split_into_headings_items_rows_and_paragraphs():
    src = ("## Heading one\n\nA paragraph with $V = I R$ and `current`.\nIts second line.\n\n"
           "- first item\n- second item\n  goes on\n\n| name | unit |\n|---|---|\n| volt | V |\n\n"
           "$$P = V I$$\n\n```python\nprint('no')\n```\n")
    kinds = [(k, t) for t, k in markdown_pieces(src) if k]
    assert kinds == [("heading", "Heading one"),
                     ("paragraph", "A paragraph with $V = I R$ and `current`.\nIts second line."),
                     ("item", "first item"), ("item", "second item\n  goes on"),
                     ("row", "| name | unit |"), ("row", "| volt | V |")]


def test_code_cells_give_comments_and_student_read_strings_only():
    src = ('import numpy as np  # numbers\nx = 5.0        # V, red LED\n'
           'print("current in amperes:", format_si(x, "A"))\nax.plot(x, x, "o-", label="measured")\n'
           'ax.set_title(f"{x} volts across it")\nchecks.number("start-01-ex1-1", "x", expected=5, '
           'hints=["Look at " "the meter."], mistakes={50: "You multiplied by ten."})\n### BEGIN SOLUTION\n')
    got = [(s.kind, s.text) for s in code_pieces(src)]
    assert got == [("comment", "numbers"), ("comment", "V, red LED"), ("print", "current in amperes:"),
                   ("label", "measured"), ("label", "{x} volts across it"), ("hint", "Look at the meter."),
                   ("mistake", "You multiplied by ten.")]


def test_round_trip_with_every_entry_translated_as_its_english(lesson):
    from babel.messages.catalog import Catalog

    for lf in find_lessons(ROOT):
        nb = read_notebook(lf.path)
        cat = Catalog(locale="ru")
        for seg in segments(nb):
            cat.add(seg.text, seg.text, context=seg.context)
        out, stats = translate_notebook(nb, "ru", cat)
        assert stats.fallback == 0 and stats.used >= len(segments(nb))   # a text twice in a cell is one entry
        assert out["metadata"]["stemkit"]["lang"] == "ru" and "lang" not in nb["metadata"]["stemkit"]
        for a, b in zip(nb["cells"], out["cells"], strict=True):
            if a["cell_type"] == "code":
                try:
                    assert ast.dump(ast.parse(cell_source(a))) == ast.dump(ast.parse(cell_source(b)))
                except SyntaxError:
                    assert cell_source(a) == cell_source(b)
            else:
                assert cell_source(a) == cell_source(b)


def test_a_changed_sentence_makes_exactly_its_entry_fuzzy_and_released_lint_fail(lesson):
    path = update_catalog(lesson, "ru").path
    update_catalog(lesson, "kk")
    _translate_all(path)
    set_header_field(lesson, "ru", "X-Stemkit-Released", "yes")
    errors, _warnings = lint_translations([lesson], ("ru",), root=lesson.path.parents[2])
    assert errors == []
    st = catalog_status(lesson, "ru")
    assert st.state == "translated" and st.released and st.fuzzy == 0

    nb = read_notebook(lesson.path)
    index, old = _first_paragraph(nb)
    new = old.replace(". ", ". Really. ", 1)
    nb["cells"][index]["source"] = cell_source(nb["cells"][index]).replace(old, new)
    write_notebook(nb, lesson.path)
    # before update: lint already sees the English the catalogue does not have
    errors, _w = lint_translations([lesson], ("ru",), root=lesson.path.parents[2])
    assert errors
    result = update_catalog(lesson, "ru")
    assert (result.fuzzy, result.new, result.obsolete) == (1, 0, 0)
    cat = load_catalog(path, "ru")
    fuzzy = [m for m in cat if m.id and m.fuzzy]
    assert [m.id for m in fuzzy] == [new]
    assert fuzzy[0].string == "[ru] " + old                      # the old translation is kept to edit
    assert '#| "' + old[:30] in path.read_text(encoding="utf-8") or '#| msgid "' + old[:30] in path.read_text(
        encoding="utf-8")     # the old English, for the translator
    errors, _w = lint_translations([lesson], ("ru",), root=lesson.path.parents[2])
    assert len(errors) == 1 and "fuzzy" in errors[0].message and errors[0].cell == index
    # kk is not released: the same state is only a warning
    errors_kk, warnings_kk = lint_translations([lesson], ("kk",), root=lesson.path.parents[2])
    assert errors_kk == [] and warnings_kk
    # the fuzzy entry is not used: the translated notebook shows the new English there
    out, stats = translate_notebook(nb, "ru", cat)
    assert stats.fallback == 1 and stats.fallback_texts == [new]
    assert new in cell_source(out["cells"][index])
    # updating again changes nothing
    assert not update_catalog(lesson, "ru").written


def test_entry_checks_keep_formulas_code_placeholders_numbers():
    assert entry_problems("Use $V = I R$ and `current`.", "Используйте $V = I R$ и `current`.", "paragraph") == []
    assert entry_problems("Use $V = I R$.", "Используйте $U = I R$.", "paragraph")
    assert entry_problems("Store it in `current`.", "Запишите в `ток`.", "paragraph")
    assert entry_problems("{n} points for {name}", "{n} баллов", "print")
    assert entry_problems("{n} points", "{n} баллов", "print") == []
    assert entry_problems("It takes 1.5 mA.", "Он берёт 1,5 mA.", "paragraph") == []     # a decimal comma is fine
    assert entry_problems("It takes 1.5 mA.", "Он берёт 1,5 мА.", "paragraph")          # unit symbols stay
    assert entry_problems("A 330 Ω resistor.", "Резистор на 470 Ω.", "paragraph")
    assert entry_problems("| volt | V |", "| вольт | В | x |", "row")
    assert entry_problems("Exercise 1.2 (2 points)", "Упражнение 1.2 (2 балла)", "heading") == []
    assert entry_problems("Exercise 1.2 (2 points)", "Упражнение 1.3 (2 балла)", "heading")


def test_broken_po_file_is_an_error(lesson):
    path = update_catalog(lesson, "ru").path
    path.write_text(path.read_text(encoding="utf-8") + '\nthis line is not PO\n', encoding="utf-8")
    errors, _w = lint_translations([lesson], ("ru",), root=lesson.path.parents[2])
    assert errors and "PO" in errors[0].message


def test_glossary_stems_tolerate_endings():
    term = GlossaryTerm("voltage", {"ru": ["напряжение"], "kk": ["кернеу"]})
    assert glossary_matches(term, "ru", "The voltage is 5 V.", "Напряжение равно 5 V.")
    assert glossary_matches(term, "ru", "Measure the voltage.", "Измерьте напряжения на резисторе.")
    assert glossary_matches(term, "ru", "Measure the voltage.", "Измерьте вольтаж.") is False
    assert glossary_matches(term, "kk", "The voltages add up.", "Кернеулер қосылады.")
    assert glossary_matches(term, "ru", "No term here.", "Тут нет.") is None


def test_glossary_term_translated_another_way_fails_a_released_lesson(lesson):
    path = update_catalog(lesson, "ru").path
    _translate_all(path)
    set_header_field(lesson, "ru", "X-Stemkit-Released", "yes")
    (lesson.path.parent / "locale" / "glossary.csv").write_text(
        "en,ru,kk,note\nnotebook,блокнот,дәптер,\n", encoding="utf-8")
    errors, _w = lint_translations([lesson], ("ru",), root=lesson.path.parents[2])
    assert errors and all("glossary" in e.message for e in errors)


def test_an_f_string_written_in_pieces_is_one_text_to_translate():
    from stemkit.curriculum.translate import _code_literal, code_pieces

    source = 'x = 3\nprint(f"the car went {x:.2f} m "\n      f"in {x} s", "and {braces}")\n'
    spots = [s for s in code_pieces(source) if s.kind == "print"]
    assert [s.text for s in spots] == ["the car went {x:.2f} m in {x} s", "and {braces}"]
    whole = spots[0]
    translated = source[:whole.start] + _code_literal("машина проехала {x:.2f} m за {x} s", whole) + source[whole.end:]
    namespace: dict = {}
    import contextlib
    import io as _io

    out = _io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(translated, "cell", "exec"), namespace)
    assert out.getvalue() == "машина проехала 3.00 m за 3 s and {braces}\n"


def test_english_thousands_match_a_spaced_translation():
    from stemkit.curriculum.translate import entry_problems

    english = "It has 10,000 triangles and 2,170 mm of wall"
    assert entry_problems(english, "В нём 10\u00a0000 треугольников и 2\u00a0170 mm стенки", "paragraph") == []
    assert entry_problems(english, "В нём 10,000 треугольников и 2\u00a0170 mm стенки", "paragraph") != []


def test_mistake_pairs_given_by_name_are_texts_to_translate():
    from stemkit.curriculum.translate import code_pieces

    source = ('_slips = [(abs, "the sign is lost")]\n'
              'checks.function("a-01-ex1-1", "f", cases=[], mistakes=_slips)\n'
              'checks.array("a-01-ex1-2", "g", expected=[1], mistakes=[([2], "twice too big")])\n')
    assert [(s.kind, s.text) for s in code_pieces(source)] == [("mistake", "the sign is lost"),
                                                              ("mistake", "twice too big")]


def test_a_mistake_written_as_an_f_string_stays_in_english_in_every_edition():
    from stemkit.curriculum.translate import code_pieces

    source = 'kp = 2\nchecks.number("a-01-ex1-1", "x", expected=1, mistakes={2: f"with Kp = {kp} it overshoots"})\n'
    assert [s.kind for s in code_pieces(source)] == []
