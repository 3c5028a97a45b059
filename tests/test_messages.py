"""Every sentence shown to a person goes through _() as one literal with named placeholders."""

import gettext
import subprocess
import sys

from stemkit.messages import collect, render_pot


def test_every_translatable_sentence_is_a_single_literal():
    messages, problems = collect()
    assert len(messages) > 50
    assert problems == [], "\n".join(map(str, problems))


def test_template_is_valid_gettext(tmp_path):
    messages, _ = collect()
    pot = tmp_path / "stemkit.po"
    pot.write_text(render_pot(messages), encoding="utf-8")
    # a translated catalogue built from the template is used by _() at run time
    text = pot.read_text(encoding="utf-8").replace(
        'msgid "Exercise {section}.{number}"\nmsgstr ""', 'msgid "Exercise {section}.{number}"\nmsgstr "Задание {section}.{number}"')
    pot.write_text(text, encoding="utf-8")
    mo_dir = tmp_path / "ru" / "LC_MESSAGES"
    mo_dir.mkdir(parents=True)
    code = (
        "import sys; from babel.messages.pofile import read_po; from babel.messages.mofile import write_mo;"
        f"cat = read_po(open({str(pot)!r}, 'rb')); write_mo(open({str(mo_dir / 'stemkit.mo')!r}, 'wb'), cat)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if result.returncode != 0:
        import pytest

        pytest.skip(f"babel is not available to compile the catalogue: {result.stderr[-200:]}")
    translation = gettext.translation("stemkit", localedir=tmp_path, languages=["ru"])
    assert translation.gettext("Exercise {section}.{number}").format(section=1, number=2) == "Задание 1.2"
