"""Record what Pilot 3's own job parser makes of every corpus description (run by scripts/record-pilot3).

For each line {"name", "desc"} of the corpus files given on the command line, this does what
Pilot 3's pilot/control/job.py create_job() does with a dispatcher answer -- JobData(desc),
job.init(infosys), os.environ['PANDAID'] = job.jobid -- and prints one JSON line: the job
attributes the pilot uses and every FileSpec attribute of indata, outdata and logdata, or the
exception (type, message, the Pilot 3 function it came from).

Pilot 3 is imported from PILOT3_DIR and never modified. The environment of the parse is the
entry's "env" (ATHENA_PROC_NUMBER, PILOT_LOGFILE, IMAGE_BASE; none of them otherwise;
PILOT_USER=generic) and the queue the job's InfoService sees is QUEUE below: the TypeScript test
parses with the same.
Must run inside /work/shared/tools/pilot3-sandbox.sh (the wrapper script does that).
"""
import copy
import json
import logging
import os
import re
import sys
import traceback
import types

sys.path.insert(0, os.environ['PILOT3_DIR'])
for var in ('ATHENA_PROC_NUMBER', 'PILOT_LOGFILE', 'IMAGE_BASE', 'PANDAID'):
    os.environ.pop(var, None)
os.environ['PILOT_USER'] = 'generic'

# Third-party modules Pilot 3's util imports reach but the parser never uses: stubbed only if missing here.
for mod in ('psutil',):
    try:
        __import__(mod)
    except ImportError:
        sys.modules[mod] = types.ModuleType(mod)

from pilot.info.jobdata import JobData  # noqa: E402
from pilot.info.filespec import FileSpec  # noqa: E402

logging.disable(logging.CRITICAL)  # Pilot 3 logs every file it adds; the recording is the output

#: The queue of the job's InfoService (the attributes JobData.init and prepare_infiles read).
QUEUE = dict(name='CORPUS_QUEUE', allow_lan=True, allow_wan=False, direct_access_lan=True, direct_access_wan=False,
             catchall='allow_wan_for_lib other=1', altstageout=None)

#: JobData attributes the pilot uses that come from the description (Pilot 3 names).
JOB_ATTRS = [
    'jobid', 'taskid', 'jobparams', 'transformation', 'corecount', 'platform', 'alrbuserplatform', 'attemptnr',
    'maxcpucount', 'maxwalltime', 'minramcount', 'requestid', 'destinationdblock', 'produserid', 'jobdefinitionid',
    'writetofile', 'homepackage', 'jobsetid', 'processingtype', 'swrelease', 'imagename', 'imagename_jobdef',
    'transfertype', 'accessmode', 'datasetin', 'infilesguids', 'allownooutput', 'pandasecrets', 'pilotsecrets',
    'debug', 'debug_command', 'dask_scheduler_ip', 'jupyter_session_ip', 'altstageout', 'nucleus', 'resourcetype',
    'is_eventservice', 'is_eventservicemerge', 'is_hpo', 'use_vp', 'noexecstrcnv', 'looping_check',
    'preprocess', 'postprocess', 'coprocess', 'containeroptions', 'overwrite_queuedata', 'overwrite_storagedata',
    'zipmap',
]
#: JobData methods whose answers follow from the description.
JOB_METHODS = ['is_analysis', 'is_build_job', 'is_local', 'has_remoteio', 'only_copy_to_scratch', 'allow_altstageout']
#: Every FileSpec attribute (class attributes that are not methods).
FILE_ATTRS = [k for k, v in vars(FileSpec).items() if not k.startswith('_') and not callable(v) and not isinstance(v, (staticmethod, classmethod, property))]

GUID_RE = re.compile(r'^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$')
GENERATED_GUID = '<generated: get_guid(), upper-case uuid4>'


def plain(v):
    """A JSON form of a Python value (tuples as lists, sets as sorted lists; reprs of anything else)."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return sorted((plain(x) for x in v), key=repr)
    return {'__repr__': repr(v)}


def file_record(f):
    rec = {a: plain(getattr(f, a, None)) for a in FILE_ATTRS}
    if f.filetype == 'output' and f.lfn.endswith('.lib.tgz') and GUID_RE.match(f.guid or ''):
        rec['guid'] = GENERATED_GUID  # random in Pilot 3: recorded by its form only
    return rec


def record(name, desc, env):
    data = copy.deepcopy(desc)
    stage = 'JobData'
    os.environ.update(env)
    try:
        job = JobData(data)
        stage = 'JobData.init'
        job.init(types.SimpleNamespace(queuedata=types.SimpleNamespace(**QUEUE)))
        stage = 'create_job'
        os.environ['PANDAID'] = job.jobid  # create_job() does this next; it raises for a None job id
        out = {'name': name, 'ok': True,
               'job': {a: plain(getattr(job, a)) for a in JOB_ATTRS},
               'methods': {m: plain(getattr(job, m)()) for m in JOB_METHODS},
               'indata': [file_record(f) for f in job.indata],
               'outdata': [file_record(f) for f in job.outdata],
               'logdata': [file_record(f) for f in job.logdata]}
    except Exception as exc:  # pylint: disable=broad-except
        tb = traceback.extract_tb(exc.__traceback__)
        where = next((fr.name for fr in reversed(tb) if '/pilot/' in fr.filename), tb[-1].name if tb else '')
        out = {'name': name, 'ok': False, 'exception': {'type': type(exc).__name__, 'message': re.sub(r' at 0x[0-9a-f]+', '', str(exc))[:300], 'stage': stage, 'where': where}}
    finally:
        for var in ('PANDAID', 'ALRB_CONT_UNPACKEDDIR', *env):
            os.environ.pop(var, None)
    return out


def main():
    for path in sys.argv[1:]:
        with open(path, encoding='utf-8') as fh:
            for line in fh:
                if line.strip():
                    entry = json.loads(line)
                    print(json.dumps(record(entry['name'], entry['desc'], entry.get('env', {})), ensure_ascii=False))


if __name__ == '__main__':
    main()
