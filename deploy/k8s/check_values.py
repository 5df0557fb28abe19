"""Check deploy/k8s/values.yaml against the Zero to JupyterHub chart's values schema.

The chart validates the *merged* values (its defaults, then ours) with its
values.schema.yaml, as ``helm`` does before rendering. This script does the same without a
cluster. The chart's files are not shipped with the kit; take them from the chart:

    helm pull jupyterhub/jupyterhub --version 4.3.1 --untar --untardir /tmp/z2jh
    python deploy/k8s/check_values.py /tmp/z2jh/jupyterhub

(``jupyterhub/`` is also the chart's folder in its source repository.)
"""

from __future__ import annotations

import sys
from pathlib import Path

import jsonschema
import yaml

HERE = Path(__file__).resolve().parent


def merge(defaults, ours):
    """Helm's merge: mappings are merged key by key, anything else is replaced."""
    if isinstance(defaults, dict) and isinstance(ours, dict):
        merged = dict(defaults)
        for key, value in ours.items():
            merged[key] = merge(defaults.get(key), value)
        return merged
    return ours


def main(chart: str) -> int:
    chart_dir = Path(chart)
    schema = yaml.safe_load((chart_dir / "values.schema.yaml").read_text())
    defaults = yaml.safe_load((chart_dir / "values.yaml").read_text())
    ours = yaml.safe_load((HERE / "values.yaml").read_text())
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(merge(defaults, ours)), key=lambda e: list(e.path))
    for error in errors:
        print(f"{'.'.join(map(str, error.path)) or '(top)'}: {error.message}")
    print(f"{len(errors)} error(s) in deploy/k8s/values.yaml against {chart_dir}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "jupyterhub"))
