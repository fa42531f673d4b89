# Sourced by scripts/serve and scripts/test: make .venv on first use and keep it installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
ensure_venv() {
    local extras="$1"
    if [ ! -x "$venv/bin/python" ]; then
        echo "rapport: creating $venv (first run)" >&2
        python3 -m venv "$venv" || {
            echo "rapport: python3 cannot create a virtual environment; install python3-venv" >&2
            exit 2
        }
        "$venv/bin/python" -m pip install --quiet --upgrade pip
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root$extras"
}
