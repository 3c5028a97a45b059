"""In a real kernel: a NameError is said in plain words, and the cell still fails for nbval and nbgrader."""

import os
import re

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def test_an_unquoted_option_gets_plain_words_and_still_fails(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from stemkit import checks"), nbformat.v4.new_code_cell("key_choice = b"),
                nbformat.v4.new_code_cell("print(1 / 0)")]
    client = nbclient.NotebookClient(nb, timeout=60, allow_errors=True, kernel_name="python3")
    client.execute(env=dict(os.environ, STEMKIT_PROGRESS=os.devnull), cwd=str(tmp_path))
    error = [o for o in nb.cells[1].outputs if o.output_type == "error"]
    assert error and error[0].ename == "NameError"
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(error[0].traceback))
    assert "does not know the name `b`" in text and 'put it in quotes: "b"' in text and "Traceback" not in text
    other = [o for o in nb.cells[2].outputs if o.output_type == "error"]
    assert other and other[0].ename == "ZeroDivisionError"   # other errors keep Python's own report
