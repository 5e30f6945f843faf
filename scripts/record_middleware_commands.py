"""Record the middleware container commands Pilot 3 builds, with Pilot 3's own functions.

Run only through scripts/record-middleware-commands.mjs (inside /work/shared/tools/pilot3-sandbox.sh).
usage: python3 record_middleware_commands.py SCRATCH OUT.json   (PILOT3_DIR, ATLAS_SW_BASE set)

For each case (label, queue container_options, environment): pilot.user.atlas.container's
create_middleware_container_command (container mode) with the isolated command TOOL, and the
stagein.sh/stageout.sh it writes; get_middleware_container_script for bash mode.
"""
import json
import os
import sys
import types

from pilot3_imports import PILOT3  # noqa: E402,F401  (Pilot 3 on sys.path, missing third-party modules stubbed)

from pilot.user.atlas import container  # noqa: E402

BASE_ENV = dict(os.environ)
CASES = [
    {'name': 'stage-in default options', 'label': 'stage-in', 'options': '', 'env': {}},
    {'name': 'stage-out with proxy and site', 'label': 'stage-out', 'options': '', 'env': {'X509_USER_PROXY': '/tmp/x509up_u1000', 'PILOT_RUCIO_SITENAME': 'SIM_SITE'}},
    {'name': 'stage-in queue options', 'label': 'stage-in', 'options': '-C -B /scratch', 'env': {}},
    {'name': 'stage-out HPC unpacked dir', 'label': 'stage-out', 'options': '', 'env': {'ALRB_CONT_UNPACKEDDIR': '/hpc/unpacked'}},
]


def main(scratch, out):
    results = []
    for case in CASES:
        os.environ.clear()
        os.environ.update(BASE_ENV)
        os.environ.update(case['env'])
        workdir = os.path.join(scratch, 'work', case['name'].replace(' ', '_'))
        os.makedirs(workdir, exist_ok=True)
        job = types.SimpleNamespace(workdir=workdir, infosys=types.SimpleNamespace(queuedata=types.SimpleNamespace(container_options=case['options'])))
        cmd = container.create_middleware_container_command(job, 'TOOL', label=case['label'])
        script = 'stagein.sh' if case['label'] == 'stage-in' else 'stageout.sh'
        with open(os.path.join(workdir, script)) as fh:
            content = fh.read()
        bash = container.get_middleware_container_script('', 'TOOL', asetup=True)
        results.append({**case, 'workdir': workdir, 'command': cmd.replace(workdir, 'WORKDIR'), 'script': script, 'content': content, 'bash': bash})
    with open(out, 'w') as fh:
        json.dump(results, fh, indent=1)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
