"""Run `ansible-test sanity` on the collection exactly as it ships, plus tests/unit and tests/sanity.

Usage: python scripts/sanity.py <ansible-test sanity arguments>, e.g. `--venv --python 3.11 --test pep8`.

ansible-test only runs from <root>/ansible_collections/<namespace>/<name>, so this builds the collection with
ansible-galaxy (which applies build_ignore), unpacks it at that path in a fresh temporary directory and adds the
test directories ansible-test reads. The copy is never inside a git checkout: ansible-test then lists files by
walking the tree instead of asking git, so the result depends only on what was copied, not on what is committed.
"""

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import ansible_test
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
STANDIN = REPO_ROOT / "scripts" / "get_pip_standin.py"
# The dev and test trees ansible-test sanity checks; the simulator and molecule are dev tools and stay out.
TEST_DIRS = ("tests/unit", "tests/sanity")
# ansible-test's own settings for the collection: the Python versions the modules must run on.
TEST_FILES = ("tests/config.yml",)


def pip_bootstrap_version() -> str:
    """The pip version ansible-test bootstraps into its venvs, read from the installed ansible-test."""
    source = Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py"
    found = re.search(r"\bpip='([0-9.]+)'", source.read_text())
    if not found:
        raise SystemExit(f"cannot find the pip bootstrap version in {source}; update scripts/sanity.py")
    return found.group(1)


def install_get_pip_standin() -> None:
    version = pip_bootstrap_version()
    cache = Path.home() / ".ansible" / "test" / "cache" / f"get_pip_{version.replace('.', '_')}.py"
    cache.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STANDIN, cache)
    print(f"sanity: pip bootstrap stand-in installed at {cache}", flush=True)


def build_collection(output_dir: Path) -> Path:
    subprocess.run(
        [VENV_BIN / "ansible-galaxy", "collection", "build", str(REPO_ROOT), "--output-path", str(output_dir)],
        check=True,
        cwd=REPO_ROOT,
    )
    (tarball,) = output_dir.glob("*.tar.gz")
    return tarball


def refuse_git_ancestors(path: Path) -> None:
    for directory in (path, *path.parents):
        if (directory / ".git").exists():
            raise SystemExit(f"{directory} is a git checkout; set TMPDIR to a directory outside any git checkout")


def stage_copy(workdir: Path) -> Path:
    galaxy = yaml.safe_load((REPO_ROOT / "galaxy.yml").read_text())
    collection = workdir / "ansible_collections" / galaxy["namespace"] / galaxy["name"]
    refuse_git_ancestors(workdir)
    collection.mkdir(parents=True)
    with tarfile.open(build_collection(workdir / "build")) as archive:
        archive.extractall(collection, filter="data")
    for test_dir in TEST_DIRS:
        if (REPO_ROOT / test_dir).is_dir():
            shutil.copytree(
                REPO_ROOT / test_dir,
                collection / test_dir,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
    for test_file in TEST_FILES:
        if (REPO_ROOT / test_file).is_file():
            shutil.copyfile(REPO_ROOT / test_file, collection / test_file)
    return collection


def main(sanity_args: list[str]) -> int:
    install_get_pip_standin()
    with tempfile.TemporaryDirectory(prefix="aurora-mysql-sanity-") as tmp:
        collection = stage_copy(Path(tmp))
        print(f"sanity: running ansible-test in {collection}", flush=True)
        command = [str(VENV_BIN / "ansible-test"), "sanity", *sanity_args]
        return subprocess.run(command, cwd=collection, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
