"""The public surface is curated: everything in __all__ exists, and nothing else is promised."""
from __future__ import annotations

import re
from pathlib import Path

import dateline
from dateline.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_all_names_exist_and_are_documented():
    for name in dateline.__all__:
        obj = getattr(dateline, name)
        if callable(obj) and name != "__version__":
            assert (obj.__doc__ or "").strip(), f"{name} has no docstring"


def test_all_is_a_sorted_list_without_repeats():
    assert dateline.__all__ == sorted(set(dateline.__all__))


def test_package_ships_type_information():
    assert (ROOT / "src" / "dateline" / "py.typed").exists()


def test_every_readme_command_exists():
    """Each `dateline X` the README mentions is a real command, and each command is in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", readme, flags=re.S))
    mentioned = set(re.findall(r"^dateline ([a-z]+)", blocks, flags=re.M))
    assert mentioned, "the README shows commands"
    assert mentioned <= set(cli.commands), mentioned - set(cli.commands)
    assert set(cli.commands) <= mentioned, f"undocumented commands: {set(cli.commands) - mentioned}"
    evaluations = set(re.findall(r"^dateline eval ([a-z]+)", blocks, flags=re.M))
    assert evaluations == set(cli.commands["eval"].commands), "every evaluation is documented"


def test_readme_two_commands_are_make_targets():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, flags=re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_exports_match_all():
    assert set(dateline._EXPORTS) | {"__version__"} == set(dateline.__all__)


def test_importing_the_cli_does_not_load_spacy_or_pandas():
    import subprocess
    import sys

    code = (
        "import sys, dateline.cli, dateline.records;"
        "print('spacy' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_readme_python_example_runs(tmp_path, monkeypatch):
    """The README's Python block, run as written in a folder holding the files it names."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    story = (ROOT / "tests" / "data" / "cli" / "reuters-iran.txt").read_text(encoding="utf-8")
    (tmp_path / "story.txt").write_text(story, encoding="utf-8")
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "one.txt").write_text(story, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["analysis"].events, "the example story yields events"
    assert (tmp_path / "events.db").exists()


def test_no_public_name_is_shadowed_by_a_submodule():
    """``import dateline.X`` binds ``dateline.X`` to the module: no exported name may be one."""
    package = ROOT / "src" / "dateline"
    modules = {p.stem for p in package.glob("*.py")} | {p.name for p in package.iterdir() if p.is_dir()}
    assert not (set(dateline.__all__) & modules)
