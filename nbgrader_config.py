"""nbgrader settings for teaching the stemkit lessons as a class (on JupyterHub or one machine).

The lesson format is nbgrader's, so nothing is converted: ``lessons/`` is the
source directory and each track folder (``lessons/start``, ``lessons/electronics``,
``lessons/robotics``, ``lessons/design3d``) is one nbgrader assignment.
``lessons/teacher`` holds the teacher dashboard, not an assignment: never release it.

Run nbgrader from the folder that holds this file (the stemkit checkout):

    nbgrader generate_assignment electronics     # student copies into build/nbgrader/release/
    nbgrader release_assignment electronics      # on JupyterHub: students fetch it in the Assignments tab
    nbgrader collect electronics
    nbgrader autograde electronics
    nbgrader generate_feedback electronics

Everything nbgrader writes (release, submitted, autograded, feedback, the
gradebook) goes under ``build/nbgrader/``, never into ``lessons/``.
``stemkit grade build/nbgrader/submitted --lesson electronics`` grades the same
submissions with stemkit's own grader (see docs/classroom.md).
"""

from pathlib import Path

c = get_config()  # noqa: F821 - nbgrader provides get_config() when it loads this file

HERE = Path(__file__).resolve().parent
WORK = HERE / "build" / "nbgrader"

c.CourseDirectory.root = str(HERE)
c.CourseDirectory.course_id = "stemkit"
c.CourseDirectory.source_directory = "lessons"
c.CourseDirectory.release_directory = "build/nbgrader/release"
c.CourseDirectory.submitted_directory = "build/nbgrader/submitted"
c.CourseDirectory.autograded_directory = "build/nbgrader/autograded"
c.CourseDirectory.feedback_directory = "build/nbgrader/feedback"
c.CourseDirectory.solution_directory = "build/nbgrader/solution"
c.CourseDirectory.db_url = f"sqlite:///{WORK / 'gradebook.db'}"

# The same blank answer that `stemkit release` writes, so both hand-outs look alike.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Students get sealed test cells, as with `stemkit release`: the check names its exercise and the answer key
# travels encoded in the notebook. SealChecks comes after ClearHiddenTests, so the gradebook keeps the full
# test cells (hidden tests included) for autograde, and before the last checksums, so validate still works.
c.GenerateAssignment.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearSolutions",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "stemkit.curriculum.nbgrader_seal.SealChecks",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# A lesson runs in a few seconds; an endless loop in an answer must not hold up a class.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True

# The exchange folder that JupyterHub students fetch from and submit to (nbgrader's default, shown here
# so a hub admin knows which folder to create: sudo mkdir -p /srv/nbgrader/exchange && sudo chmod 777 it).
c.Exchange.root = "/srv/nbgrader/exchange"
