"""Offline stand-in for ansible-test's pip bootstrap script (get-pip-<version>.py).

ansible-test creates each sanity venv without pip and bootstraps it by running a get-pip script it downloads from
ci-files.testing.ansible.com, a host this project's machines cannot reach. `make sanity` copies this file to
~/.ansible/test/cache/get_pip_<version>.py, where ansible-test looks before downloading. It is run as
`python get_pip.py [pip options] pip==<version> ...` with the new venv's python.
"""

import subprocess
import sys

# get-pip.py understands these; pip install does not, and there is nothing to skip since only pip is requested.
GET_PIP_ONLY_OPTIONS = {"--no-setuptools", "--no-wheel"}


def main() -> int:
    # ensurepip points PIP_CONFIG_FILE at /dev/null inside its own process; run in-process, it would hide the
    # machine's pip.conf (the local index) from the install below. A child process keeps that side effect contained.
    bootstrapped = subprocess.run([sys.executable, "-m", "ensurepip", "--upgrade"], check=False)
    if bootstrapped.returncode != 0:
        return bootstrapped.returncode
    pip_args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    return subprocess.run([sys.executable, "-m", "pip", "install", *pip_args], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
