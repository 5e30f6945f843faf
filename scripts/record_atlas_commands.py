"""Record the ATLAS payload commands Pilot 3 builds, with Pilot 3's own functions.

Run only through scripts/record-atlas-commands.mjs (inside /work/shared/tools/pilot3-sandbox.sh).
usage: python3 record_atlas_commands.py CORPUS.json SCRATCH OUT.json   (PILOT3_DIR, ATLAS_SW_BASE set)

For every job x site of the corpus: JobData from the description, QueueData from the site's
queue, the per-job environment Pilot 3's job control sets (PANDAID, PanDA_TaskID, verify_ncores),
direct-access inputs marked remote_io with a PoolFileCatalog.xml as stage-in writes it; then
pilot.user.atlas.common.get_payload_command and, when do_use_container says so, the ALRB wrapper.
"""
import json
import os
import sys
import types

from pilot3_imports import PILOT3  # noqa: E402,F401  (Pilot 3 on sys.path, missing third-party modules stubbed)

from pilot.info.jobdata import JobData  # noqa: E402
from pilot.info.queuedata import QueueData  # noqa: E402
from pilot.common.errorcodes import ErrorCodes  # noqa: E402
from pilot.user.atlas import common, container  # noqa: E402

ERRORS = ErrorCodes()

BASE_ENV = dict(os.environ)
TURL_PREFIX = 'root://se.sim:1094//atlas/rucio/'


def pool_file_catalog(files):
    """Pilot 3's stage-in catalogue for the inputs (remote ones with their TURL)."""
    lines = ['<?xml version="1.0" ?>', '<POOLFILECATALOG>']
    for f in files:
        name = f.turl if f.status == 'remote_io' else f.lfn
        lines += [f'  <File ID="{f.guid}">', '    <physical>', f'      <pfn filetype="ROOT_All" name="{name}"/>',
                  '    </physical>', '    <logical/>', '  </File>']
    lines.append('</POOLFILECATALOG>')
    return '\n'.join(lines) + '\n'


def record(job_key, desc, site, scratch):
    os.environ.clear()
    os.environ.update(BASE_ENV)
    os.environ.update(site.get('env', {}))
    desc = dict(desc)
    remote = desc.pop('remote', [])
    trf_present = desc.pop('trf_present', False)
    qd = QueueData(dict(site['queue']))
    job = JobData(desc)
    job.init(types.SimpleNamespace(queuedata=qd))
    job.workdir = os.path.join(scratch, 'work', job_key)
    os.makedirs(job.workdir, exist_ok=True)
    for name in os.listdir(job.workdir):
        os.remove(os.path.join(job.workdir, name))
    # what Pilot 3's job control puts in os.environ for the job (control/job.py, verify_job)
    os.environ['PANDAID'] = job.jobid
    os.environ['PanDA_TaskID'] = str(job.taskid)
    common.verify_ncores(job.corecount)
    for f in job.indata:
        if f.lfn in remote:
            f.status = 'remote_io'
            f.turl = TURL_PREFIX + f.lfn
    if remote:
        with open(os.path.join(job.workdir, 'PoolFileCatalog.xml'), 'w') as fh:
            fh.write(pool_file_catalog(job.indata))
    if trf_present:
        path = os.path.join(job.workdir, job.transformation.split('/')[-1])
        with open(path, 'w') as fh:
            fh.write('#!/bin/bash\n')
        os.chmod(path, 0o755)
    out = {}
    try:
        # control/job.py validate: a job that wants a container on a queue without one fails here
        if container.do_use_container(job=job) and 'pilot' not in qd.container_type:
            out['error_code'] = ERRORS.QUEUENOTSETUPFORCONTAINERS
            return out
        cmd = common.get_payload_command(job, types.SimpleNamespace(baseurls=''))
        out['command'] = cmd
        if container.do_use_container(job=job):
            out['container'] = container.alrb_wrapper(cmd, job.workdir, job=job)
            for name in ('container_script.sh', 'my_release_setup.sh'):
                p = os.path.join(job.workdir, name)
                if os.path.exists(p):
                    with open(p) as fh:
                        out[name] = fh.read()
    except Exception as exc:  # recorded: the differential test expects the same failure
        out['error_code'] = exc.get_error_code() if hasattr(exc, 'get_error_code') else f'{type(exc).__name__}: {exc}'
    root = os.environ.get('ATLAS_SW_BASE', '')
    text = json.dumps(out)
    text = text.replace(job.workdir, '@WORKDIR@')
    if root:
        text = text.replace(root, '@CVMFS@')
    return json.loads(text)


def main():
    corpus_path, scratch, out_path = sys.argv[1:4]
    with open(corpus_path) as fh:
        corpus = json.load(fh)
    results = {}
    for site_key, site in corpus['sites'].items():
        for job_key, desc in corpus['jobs'].items():
            results[f'{job_key}@{site_key}'] = record(job_key, desc, site, scratch)
    with open(out_path, 'w') as fh:
        json.dump({'pilot3': '3.11.5.1', 'results': results}, fh, indent=1, sort_keys=True)
        fh.write('\n')


if __name__ == '__main__':
    main()
