"""The README's two set-up commands are the ones CI runs (.ci/commands), word for word."""

from tests.conftest import ROOT


def commands() -> dict[str, str]:
    lines = (ROOT / ".ci" / "commands").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def test_readme_shows_exactly_the_run_and_test_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = commands()
    assert set(found) == {"RUN_COMMAND", "TEST_COMMAND"}
    for command in found.values():
        assert f"```bash\n{command}\n```" in readme


def test_ci_runs_the_test_command_from_the_same_file():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "TEST_COMMAND" in script and ".ci/commands" in script
