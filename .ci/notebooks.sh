#!/usr/bin/env bash
# Runs every notebook in notebooks/ against a fresh run of the job on the bundled sample; a failing cell fails.
#   .ci/notebooks.sh            (from .ci/run after the builds: uses target/demarche-0.1.0.jar + spark-classpath.txt)
# Parts, each timed: (1) a venv in target/notebooks-venv ($DEMARCHE_NOTEBOOKS_VENV) with notebooks/requirements.txt
# (kept between local runs while the requirements and the index do not change), (2) `bin/demarche run` on
# data/sample into out/ (the notebooks' default DEMARCHE_OUT), (3) `jupyter nbconvert --execute` of each notebook into
# target/notebooks/ (the committed notebooks are not touched and must have their outputs cleared).
#
# Python packages come from, in this order: $DEMARCHE_PIP_INDEX (any index URL; a local wheelhouse as
# file:///path/simple works), else the machine's local wheelhouse index file:///opt/pypi/simple (plus --find-links
# /opt/wheels) when it exists, used as THE index so pip never waits on an unreachable public index, else pip's own
# configuration (public PyPI by default). If none can supply the packages the script stops with a message saying so.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

VENV="${DEMARCHE_NOTEBOOKS_VENV:-$ROOT/target/notebooks-venv}"
EXECUTED="$ROOT/target/notebooks"
OUT="$ROOT/out"
LOCAL_INDEX=/opt/pypi/simple
LOCAL_WHEELS=/opt/wheels

now() { date +%s; }
TIMES=()
part() {  # part NAME T0: record the wall time of a finished part
  local dt=$(( $(now) - $2 ))
  TIMES+=("$(printf '%-28s %5d s' "$1" "$dt")")
  echo "notebooks: $1 done in ${dt} s"
}
fail() { echo "notebooks: FAILED: $*" >&2; exit 1; }

# The committed notebooks carry no outputs (they are executed into target/ only).
python3 - notebooks/*.ipynb <<'EOF' || fail "clear the outputs of the notebooks above before committing (Jupyter: Edit > Clear Outputs of All Cells)"
import json, sys
bad = [p for p in sys.argv[1:]
       if any(c.get("outputs") or c.get("execution_count") for c in json.load(open(p))["cells"] if c["cell_type"] == "code")]
for p in bad:
    print(f"notebooks: {p} has outputs committed", file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

# 1. Python environment
t0=$(now)
command -v python3 >/dev/null || fail "python3 not found; the notebooks need Python >= 3.10 with venv"
pip_args=(--disable-pip-version-check --progress-bar off)
only_this_index() {  # pip reads no other index or wheel folder than the ones given on its command line
  export PIP_CONFIG_FILE=/dev/null
  unset PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_FIND_LINKS PIP_NO_INDEX
}
if [[ -n "${DEMARCHE_PIP_INDEX:-}" ]]; then
  pip_from="DEMARCHE_PIP_INDEX=$DEMARCHE_PIP_INDEX"
  pip_args+=(--index-url "$DEMARCHE_PIP_INDEX" --timeout 30 --retries 2)
  only_this_index
elif [[ -d "$LOCAL_INDEX" ]]; then
  pip_from="the local wheelhouse file://$LOCAL_INDEX"
  pip_args+=(--index-url "file://$LOCAL_INDEX")
  [[ -d "$LOCAL_WHEELS" ]] && pip_args+=(--find-links "$LOCAL_WHEELS")
  only_this_index  # the machine's pip configuration also lists extra indexes, some of them absent
else
  pip_from="pip's configured index ($(python3 -m pip config get global.index-url 2>/dev/null || echo 'https://pypi.org/simple'))"
  pip_args+=(--timeout 30 --retries 2)
fi
stamp="$VENV/.requirements.sha256"
want="$( (cat notebooks/requirements.txt; echo "$pip_from") | sha256sum | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$VENV/bin/jupyter" ]]; then
  echo "notebooks: reusing $VENV (requirements unchanged)"
else
  rm -rf "$VENV"
  python3 -m venv "$VENV" || fail "python3 -m venv $VENV failed (Debian/Ubuntu: apt-get install python3-venv)"
  echo "notebooks: pip install -r notebooks/requirements.txt from $pip_from"
  if ! "$VENV/bin/pip" install "${pip_args[@]}" -r notebooks/requirements.txt >"$ROOT/target/notebooks-pip.log" 2>&1
  then
    tail -20 "$ROOT/target/notebooks-pip.log" >&2
    fail "could not install notebooks/requirements.txt from $pip_from (log: target/notebooks-pip.log). Set
  DEMARCHE_PIP_INDEX to a Python package index that holds duckdb, pandas, pyarrow, matplotlib, nbconvert and
  ipykernel (e.g. https://pypi.org/simple, or a local wheelhouse as file:///path/simple) and rerun."
  fi
  echo "$want" >"$stamp"
fi
"$VENV/bin/python" -c 'import duckdb, pandas, pyarrow, matplotlib, nbconvert, ipykernel
print("notebooks: python", __import__("sys").version.split()[0], "duckdb", duckdb.__version__, "pandas",
      pandas.__version__, "pyarrow", pyarrow.__version__, "matplotlib", matplotlib.__version__, "nbconvert",
      nbconvert.__version__, "ipykernel", ipykernel.__version__)'
part "python venv + pip install" "$t0"

# 2. The job on the bundled sample, into the notebooks' default output folder
t0=$(now)
[[ -f target/demarche-0.1.0.jar ]] || echo "notebooks: target/demarche-0.1.0.jar missing; bin/demarche builds it"
bin/demarche run --input data/sample --output "$OUT" >"$ROOT/target/notebooks-job.log" 2>&1 \
  || { tail -40 "$ROOT/target/notebooks-job.log" >&2; fail "bin/demarche run on data/sample (log: target/notebooks-job.log)"; }
sed -n '/^demarche run r_/,$p' "$ROOT/target/notebooks-job.log"
part "bin/demarche run (sample)" "$t0"

# 3. Every notebook, executed into target/notebooks/; nbconvert exits non-zero on the first failing cell
mkdir -p "$EXECUTED"
export DEMARCHE_OUT="$OUT" MPLBACKEND=module://matplotlib_inline.backend_inline MPLCONFIGDIR="$ROOT/target/mplconfig"
n=0
for nb in notebooks/*.ipynb; do
  t0=$(now)
  "$VENV/bin/jupyter" nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
    --output-dir "$EXECUTED" "$nb" || fail "$nb: a cell failed (see the traceback above)"
  part "$(basename "$nb")" "$t0"
  n=$((n + 1))
done
((n > 0)) || fail "no notebook in notebooks/"

echo "notebooks: part timings"
printf '  %s\n' "${TIMES[@]}"
echo "notebooks: $n notebooks executed without error; executed copies in target/notebooks/"
