"""Record what Pilot 3's ATLAS monitoring rules decide, with Pilot 3's own functions.

Run only through scripts/record-atlas-rules.mjs (inside /work/shared/tools/pilot3-sandbox.sh).
usage: python3 record_atlas_rules.py SCRATCH OUT.json   (PILOT3_DIR, ATLAS_SW_BASE set)

Every case is written with its inputs, so the differential test (test/user/atlas-rules-pilot3.test.ts)
feeds ours the same inputs. Sections:
- looping_limit: pilot.util.loopingjob.get_looping_job_limit for config values;
- looping_ignore: pilot.user.{atlas,generic}.loopingjob_definitions.remove_unwanted_files;
- looping_decision: pilot.util.loopingjob.looping_job on real work dirs (file ages, previous
  last-touch time), with the core dump and the kill replaced by recorders;
- memory_limit: pilot.user.atlas.memory.calculate_memory_limit_kb(job, type, get_memory_limit(type))
  over resource-type tables x resource types x queues x jobs x submit modes;
- memory_decision: pilot.user.atlas.memory.memory_usage on a memory monitor summary (kill recorded);
- leak: pilot.api.analytics.Analytics.get_fitted_data on memory monitor outputs;
- remoteopen: get_nthreads, get_timeout_for_remoteio, and open_remote_files with the ROOT script's
  run replaced by a recorder that writes a given dictionary and returns a given exit code;
- xcache: get_xcache_command for catchalls and environments, xcache_proxy on start outputs;
- cgroups: is_version_sufficient, get_htcondor_version (a condor_version on PATH) and the memory.max
  memory_usage writes when cgroups are used.
"""
import json
import os
import sys
import time
import types

from pilot3_imports import PILOT3  # noqa: E402  (Pilot 3 on sys.path, missing third-party modules stubbed)

from pilot.util.config import config  # noqa: E402
from pilot.info.jobdata import JobData  # noqa: E402
from pilot.info.queuedata import QueueData  # noqa: E402
from pilot.common.errorcodes import ErrorCodes  # noqa: E402
from pilot.common.pilotcache import get_pilot_cache  # noqa: E402
from pilot.util import loopingjob  # noqa: E402
from pilot.util.monitoringtime import MonitoringTime  # noqa: E402
from pilot.user.atlas import loopingjob_definitions as atlas_looping  # noqa: E402
from pilot.user.generic import loopingjob_definitions as generic_looping  # noqa: E402
from pilot.user.atlas import memory, common  # noqa: E402
from pilot.api.analytics import Analytics  # noqa: E402

ERRORS = ErrorCodes()
CACHE = get_pilot_cache()
BASE_ENV = dict(os.environ)


def reset_env(extra=None):
    os.environ.clear()
    os.environ.update(BASE_ENV)
    os.environ.update(extra or {})


# ---------------------------------------------------------------- looping

def looping_limit():
    values = [7200, 3600, 10800, 5400, 60, 0, -5, '7200.5', 'abc', None, True, '']
    out = []
    for dflt in values:
        for mindflt in (7200, 1800, 'x'):
            config.Pilot.looping_limit_default = dflt
            config.Pilot.looping_limit_min_default = mindflt
            out.append({'looping_limit_default': dflt, 'looping_limit_min_default': mindflt,
                        'limit': loopingjob.get_looping_job_limit()})
    config.Pilot.looping_limit_default = 7200
    config.Pilot.looping_limit_min_default = 7200
    return out


IGNORE_NAMES = [
    '', 'workDir', 'workDir/tmp.out', 'AOD.pool.root', 'log.Reco', 'prmon.txt', 'memory_monitor_output.txt',
    'memory_monitor_summary.json', 'mem.summary.json', 'pilot', 'pilot/x', 'x/pilot', 'pilotlog.txt', 'a.lib.tgz',
    'run.py', 'run.pyc', 'lib/python3/x.pyz', 'PoolFileCatalog.xml', 'setup.sh', 'my_setup.sh.bak', 'pandaJob.out',
    'runjob.log', 'runjobs', 'docs/readme', 'mydocs/x', 'DBRelease-31.8.1.tar.gz', 'DBRelease/current',
    'pandawnutil/x', 'sub/pandawnutil', 'athenaMP-workers/worker_1/AthenaMP.log', 'eventLoopHeartBeat.txt',
    'core.123', 'payload.stdout', 'tmp.mem.log', 'PILOT/x', 'setup.SH',
]


def looping_ignore():
    out = []
    for workdir in ('/scratch/PanDA_Pilot-6000000001', '/scratch/job.py/PanDA_Pilot-2', '/srv/pilot/PanDA_Pilot-3'):
        paths = [os.path.join(workdir, n) if n else workdir for n in IGNORE_NAMES]
        for user, mod in (('atlas', atlas_looping), ('generic', generic_looping)):
            kept = mod.remove_unwanted_files(workdir, list(paths))
            out.append({'user': user, 'workdir': workdir, 'paths': paths, 'kept': kept})
    return out


# (limit s, previous last touch age s or None, [(relative path, age s)], [(dir, age s)])
LOOPING_CASES = [
    (7200, None, [], []),
    (7200, None, [('AOD.pool.root', 100)], []),
    (7200, None, [('AOD.pool.root', 7300)], []),
    (7200, 7300, [('AOD.pool.root', 7300)], []),
    (7200, 7300, [('AOD.pool.root', 3600)], []),
    (7200, 7210, [], []),
    (7200, 7190, [], []),
    (7200, 8000, [('setup.sh', 10), ('PoolFileCatalog.xml', 10), ('prmon.txt', 10)], []),
    (7200, 8000, [('setup.sh', 10), ('out/AOD.root', 9000)], [('out', 7230)]),
    (7200, 8000, [('out/AOD.root', 9000)], [('out', 100)]),
    (150, None, [('AOD.pool.root', 130)], []),
    (150, 200, [('AOD.pool.root', 130)], []),
    (150, 200, [('AOD.pool.root', 100)], []),
    (150, 140, [], []),
    (150, 160, [], []),
    (600, 700, [('a', 500), ('b', 300), ('c', 650)], []),
    (600, 100, [('a', 500)], []),
    (600, None, [('workDir/x', 30)], [('workDir', 30)]),
    (600, 700, [('run.py', 30), ('x.lib.tgz', 30), ('mem.txt', 20)], []),
    (3600, 4000, [('deep/er/file', 1000)], [('deep', 5000), ('deep/er', 5000)]),
]


class Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append(True)


def looping_decision(scratch):
    out = []
    core, kill = Recorder(), Recorder()
    loopingjob.create_core_dump = core
    loopingjob.kill_looping_job = kill
    loopingjob.list_mod_files = lambda *a, **k: None
    home = os.path.join(scratch, 'looping-home')  # no pilot heartbeat file: no suspension
    os.makedirs(home, exist_ok=True)
    reset_env({'PILOT_HOME': home, 'PILOT_USER': 'atlas'})
    for i, (limit, prev_age, files, dirs) in enumerate(LOOPING_CASES):
        workdir = os.path.join(scratch, 'looping', f'case{i}')
        os.makedirs(workdir, exist_ok=True)
        now = time.time()
        for rel, age in files:
            path = os.path.join(workdir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w') as fh:
                fh.write('x')
            os.utime(path, (now - age, now - age))
        # directories: the given age, else far older than any limit (creating files touched them)
        for root, subdirs, _ in os.walk(workdir, topdown=False):
            for d in subdirs:
                rel = os.path.relpath(os.path.join(root, d), workdir)
                age = dict(dirs).get(rel, 100000)
                os.utime(os.path.join(root, d), (now - age, now - age))
        config.Pilot.looping_limit_default = limit
        config.Pilot.looping_limit_min_default = limit
        job = JobData({'PandaID': str(1000 + i), 'jobPars': '', 'transformation': 'x'})
        job.workdir = workdir
        job.state = 'running'
        mt = MonitoringTime()
        mt.ct_looping_last_touched = None if prev_age is None else int(now - prev_age)
        core.calls.clear()
        kill.calls.clear()
        t0 = int(time.time())
        exit_code, _diag = loopingjob.looping_job(job, mt)
        last = mt.ct_looping_last_touched
        out.append({
            'limit': limit, 'previous_age': prev_age, 'files': [list(f) for f in files], 'dirs': [list(d) for d in dirs],
            'exit_code': exit_code, 'killed': bool(kill.calls), 'core_dump': bool(core.calls),
            'last_touched_age': None if last is None else t0 - last,
            'find_mmin': int(limit / 60),
        })
    config.Pilot.looping_limit_default = 7200
    config.Pilot.looping_limit_min_default = 7200
    return out


# ---------------------------------------------------------------- memory

RESOURCE_TABLES = {
    'none': None,
    'empty': {},
    'server': {'SCORE': {'mincore': 1, 'maxcore': 1, 'minrampercore': 0, 'maxrampercore': 2000},
               'MCORE': {'mincore': 2, 'maxcore': 8, 'minrampercore': 0, 'maxrampercore': 2500},
               'SCORE_HIMEM': {'maxrampercore': 4000},
               'MCORE_HIMEM': {'maxrampercore': None},
               'MCORE_LOMEM': {'maxrampercore': 0}},
}
RESOURCE_TYPES = ['', 'SCORE', 'MCORE', 'SCORE_HIMEM', 'MCORE_HIMEM', 'MCORE_LOMEM', 'SCORE_LOMEM',
                  'SCORE_VHIMEM', 'MCORE_VHIMEM', 'OTHER_VHIMEM', 'GPU']
QUEUES = [
    {'maxrss': 16000, 'corecount': 8},
    {'maxrss': 2000, 'corecount': 1, 'params': {'pilot_rss_grace': 50}},
    {'maxrss': 0, 'corecount': 0},
    {'maxrss': None, 'corecount': 4},
    {'maxrss': '24000', 'corecount': '8', 'params': {'pilot_rss_grace': 'abc'}},
]
JOBS = [
    {'coreCount': 8, 'minRamCount': 1500},
    {'coreCount': 1, 'minRamCount': 2001},
    {'coreCount': None, 'minRamCount': 900},
    {'coreCount': 4},
]


def make_job(desc, queue):
    qd = QueueData(dict(queue))
    job = JobData(dict({'PandaID': '1', 'jobPars': '', 'transformation': 'x'}, **desc))
    job.init(types.SimpleNamespace(queuedata=qd))
    return job


def memory_limit():
    out = []
    for table_name, table in RESOURCE_TABLES.items():
        for submitmode in ('pull', 'push'):
            # pilot.py keeps pilot_cache.resource_types unset when the server's answer is empty
            CACHE.resource_types = table if table else None
            CACHE.harvester_submitmode = submitmode
            for rtype in RESOURCE_TYPES:
                for qi, queue in enumerate(QUEUES):
                    for ji, desc in enumerate(JOBS):
                        job = make_job(desc, queue)
                        try:
                            limit = memory.calculate_memory_limit_kb(job, rtype, memory.get_memory_limit(rtype))
                        except Exception as exc:  # recorded: ours must fail the same way
                            limit = f'{type(exc).__name__}: {exc}'
                        out.append({'table': table_name, 'submitmode': submitmode, 'resource_type': rtype,
                                    'queue': qi, 'job': ji, 'limit_kb': limit})
    CACHE.resource_types = None
    CACHE.harvester_submitmode = None
    return {'tables': RESOURCE_TABLES, 'queues': QUEUES, 'jobs': JOBS, 'cases': out}


def memory_decision(scratch):
    out = []
    kills = []
    memory.kill_processes = lambda pid, *a, **k: kills.append(pid)
    CACHE.use_cgroups = False
    CACHE.resource_types = None
    CACHE.harvester_submitmode = 'pull'
    # limit for SCORE_VHIMEM, maxrss 1000 MB, 1 core, grace 2: 2048000 kB
    for i, summary in enumerate([
        {'Max': {'maxPSS': 1000}},
        {'Max': {'maxPSS': 2048000}},
        {'Max': {'maxPSS': 2048001}},
        {'Max': {'maxRSS': 9999999}},
        {'Max': {'maxPSS': -1}},
        {},
        None,
    ]):
        workdir = os.path.join(scratch, 'memory', f'case{i}')
        os.makedirs(workdir, exist_ok=True)
        if summary is not None:
            with open(os.path.join(workdir, 'memory_monitor_summary.json'), 'w') as fh:
                json.dump(summary, fh)
        reset_env({'PILOT_HOME': workdir})
        job = make_job({'coreCount': 1}, {'maxrss': 1000, 'corecount': 1})
        job.workdir = workdir
        job.pid = 4242
        job.memorymonitor = 'prmon'
        kills.clear()
        exit_code, diag = memory.memory_usage(job, 'SCORE_VHIMEM')
        out.append({'summary': summary, 'exit_code': exit_code, 'diagnostics': diag,
                    'piloterrorcodes': list(job.piloterrorcodes), 'killed': bool(kills), 'state': job.state})
    return out


def leak_series():
    """Deterministic PSS/Swap series (kB) of memory monitor outputs."""
    def noise(i):
        return ((i * 7919) % 101) - 50
    series = {
        'linear': [(60 * i, 100000 + 500 * i, 0) for i in range(20)],
        'noisy': [(60 * i, 200000 + 300 * i + noise(i) * 40, 10 * i) for i in range(30)],
        'flat': [(60 * i, 50000, 0) for i in range(12)],
        'short': [(60 * i, 1000 * i + 1, 0) for i in range(7)],
        'eight': [(60 * i, 1000 * i + 1, 5) for i in range(8)],
        'decreasing': [(30 * i, 900000 - 1234 * i, 77) for i in range(15)],
        'long': [(60 * i, 300000 + 250 * i + noise(i) * 300 + (40000 if i > 110 else 0), 0) for i in range(120)],
        'ramp-then-flat': [(60 * i, 100000 + 5000 * min(i, 10) + noise(i), 0) for i in range(40)],
    }
    return series


def leak(scratch):
    out = []
    client = Analytics()
    for name, rows in leak_series().items():
        path = os.path.join(scratch, 'leak', f'{name}.txt')
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as fh:
            fh.write('Time\tnprocs\tnthreads\tpss\trss\tswap\tvmem\n')
            for t, pss, swap in rows:
                fh.write(f'{1700000000 + t}\t3\t5\t{pss}\t{pss + 10}\t{swap}\t{3 * pss}\n')
        with open(path) as fh:
            text = fh.read()
        for tails in (True, False):
            try:
                data = client.get_fitted_data(path, tails=tails)
            except Exception as exc:
                data = f'{type(exc).__name__}: {exc}'
            out.append({'name': name, 'tails': tails, 'file': text, 'fit': data})
    return out


# ---------------------------------------------------------------- remote open

CATCHALLS = ['', 'nopenfiles=4', 'NOPENFILES=3', 'x=1 nopenfiles=2 y', 'nopenfiles=', 'nopenfiles=abc',
             'nopenfiles=0', 'nopenfiles=2 nopenfiles=5', 'remoteio_test=false', 'nopenfiles = 3']

INDATA = [
    {'lfn': 'AOD.1', 'status': 'remote_io', 'turl': 'root://se.sim:1094//atlas/AOD.1'},
    {'lfn': 'AOD.2', 'status': 'transferred', 'turl': 'root://se.sim:1094//atlas/AOD.2'},
    {'lfn': 'AOD.3', 'status': 'remote_io', 'turl': '${ALRB_XCACHE_PROXY}root://se.sim:1094//atlas/AOD.3'},
    {'lfn': 'AOD.4', 'status': 'remote_io', 'turl': 'davs://dav.sim:443/atlas/AOD.4'},
]
TURLS = [f['turl'] for f in INDATA if f['status'] == 'remote_io']

# (name, script exit code, dictionary written by the script (None: none), stdout); the script
# writes the opened TURLs sorted, then the unopened ones sorted (open_remote_file.py)
OPEN_SCENARIOS = [
    ('all-opened', 0, {t: True for t in sorted(TURLS)}, 'PYTHON_COMPLETED 0'),
    ('two-unopened', 0, {TURLS[0]: True, TURLS[1]: False, TURLS[2]: False}, 'PYTHON_COMPLETED 0'),
    ('unsorted-dictionary', 0, {TURLS[2]: False, TURLS[0]: True, TURLS[1]: False}, 'PYTHON_COMPLETED 0'),
    ('none-opened', 0, {t: False for t in sorted(TURLS)}, 'PYTHON_COMPLETED 0'),
    ('no-dictionary', 0, None, 'PYTHON_COMPLETED 0'),
    ('empty-dictionary', 0, {}, 'PYTHON_COMPLETED 0'),
    ('script-timeout', 3, None, 'LSETUP_COMPLETED\nopening root://se.sim:1094//atlas/AOD.1'),
    ('script-timeout-after-dictionary', 3, {TURLS[0]: False}, 'LSETUP_COMPLETED'),
    ('lsetup-timeout', 2, None, ''),
    ('script-error', 1, {TURLS[0]: True}, 'Traceback'),
    ('script-error-unopened', 1, {TURLS[0]: False}, 'Traceback'),
    ('command-timeout', ERRORS.COMMANDTIMEDOUT, {TURLS[0]: False}, ''),
    ('command-timeout-no-dictionary', ERRORS.COMMANDTIMEDOUT, None, ''),
]


def remoteopen(scratch):
    from pilot.info.filespec import FileSpec
    out = {'nthreads': [], 'timeout': [], 'open': []}
    for catchall in CATCHALLS:
        lower = catchall.lower()
        out['nthreads'].append({'catchall': catchall, 'nthreads': common.get_nthreads(lower),
                                'verify': 'remoteio_test=false' not in lower})
    for n in range(0, 4):
        files = [FileSpec(filetype='input', lfn=f['lfn'], status=f['status'], turl=f['turl']) for f in INDATA[:n]]
        out['timeout'].append({'n': n, 'remote': sum(f.status == 'remote_io' for f in files),
                               'timeout': common.get_timeout_for_remoteio(files)})
    home = os.path.join(scratch, 'remoteopen-home')
    os.makedirs(home, exist_ok=True)
    link = os.path.join(home, 'pilot3')
    if not os.path.exists(link):
        os.symlink(PILOT3, link)
    common.copy_pilot_source = lambda workdir, filename='': ''
    for name, script_ec, dictionary, stdout in OPEN_SCENARIOS:
        workdir = os.path.join(scratch, 'remoteopen', name)
        os.makedirs(workdir, exist_ok=True)
        dict_path = os.path.join(workdir, 'remotefileverification_dictionary.json')
        if os.path.exists(dict_path):
            os.remove(dict_path)
        reset_env({'PILOT_HOME': home, 'PYTHONPATH': '', 'X509_USER_PROXY': '/tmp/x509up_u1000'})
        seen = {}

        def fake_execute(path, timeout, _dictionary=dictionary, _ec=script_ec, _stdout=stdout, _dict_path=dict_path, _seen=seen):
            _seen['timeout'] = timeout
            with open(path) as fh:
                _seen['command'] = fh.read()
            if _dictionary is not None:
                with open(_dict_path, 'w') as fh:
                    json.dump(_dictionary, fh)
            return _ec, _stdout, 3

        common.execute_remote_file_open = fake_execute
        files = [FileSpec(filetype='input', lfn=f['lfn'], status=f['status'], turl=f['turl']) for f in INDATA]
        exitcode, diagnostics, not_opened, _ = common.open_remote_files(files, workdir, '2')
        with open(os.path.join(workdir, 'open_file.sh')) as fh:
            open_file_sh = fh.read()
        text = json.dumps({'command': seen.get('command'), 'open_file.sh': open_file_sh})
        masked = json.loads(text.replace(workdir, '@WORKDIR@').replace(os.environ.get('ATLAS_SW_BASE', '@@'), '@CVMFS@'))
        out['open'].append({
            # the dictionary as [turl, opened] pairs: its order matters and the fixture's keys are sorted
            'name': name, 'script_exit_code': script_ec, 'stdout': stdout,
            'dictionary': None if dictionary is None else [[k, v] for k, v in dictionary.items()],
            'exitcode': exitcode, 'diagnostics': diagnostics.replace(workdir, '@WORKDIR@') if isinstance(diagnostics, str) else str(diagnostics),
            'not_opened': not_opened, 'timeout': seen.get('timeout'), **masked,
            'final_diag': ERRORS.format_diagnostics(exitcode, diagnostics.replace(workdir, '@WORKDIR@')) if exitcode else '',
        })
    out['indata'] = INDATA
    return out


# ---------------------------------------------------------------- xcache

XCACHE_ENVS = {
    'alrb': {'ATLAS_LOCAL_ROOT_BASE': '/cvmfs/atlas.cern.ch/repo/ATLASLocalRootBase'},
    'sw-base': {'ATLAS_SW_BASE': '/cvmfs'},
    'none': {},
}
XCACHE_CATCHALLS = ['', 'pilotXcache', 'x pilotXcache y', 'pilotxcache', 'pilotXcache=1']
XCACHE_OUTPUTS = [
    ' export ALRB_XCACHE_PROXY="root://127.0.0.1:1094//"\n export ALRB_XCACHE_PROXY_REMOTE="root://node.sim:1094//"\n'
    ' ALRB_XCACHE_MYPROCESS=12345\n ALRB_XCACHE_FILES=/tmp/xc/files\n'
    'xcache started successfully.  Messages logged in /tmp/xc/xcache.log\n',
    'export ALRB_XCACHE_PROXY="root://a//"\n',
    ' export ALRB_XCACHE_PROXY=""\n',
    ' export ALRB_XCACHE_PROXY="root://a//" extra="b"\n',
    'xcache started successfully!  Messages logged in /tmp/log\n',
    'Messages logged in /nowhere\n',
    ' ALRB_XCACHE_MYPROCESS=1\n ALRB_XCACHE_MYPROCESS=2\n',
    ' ALRB_XCACHE_FILES=\n ALRB_XCACHE_PROXY_REMOTE found\n',
    '',
]


def xcache(scratch):
    out = {'commands': [], 'proxy': []}
    workdir = os.path.join(scratch, 'xcache-work')
    os.makedirs(workdir, exist_ok=True)
    sw = os.environ.get('ATLAS_SW_BASE', '')
    for env_name, env in XCACHE_ENVS.items():
        extra = {k: v for k, v in env.items()}
        if 'ATLAS_SW_BASE' in extra:
            extra['ATLAS_SW_BASE'] = sw
        for catchall in XCACHE_CATCHALLS:
            row = {'env': env_name, 'catchall': catchall}
            for label, fn in (('start', common.xcache_activation_command), ('kill', common.xcache_deactivation_command)):
                base = dict(BASE_ENV)
                base.pop('ATLAS_SW_BASE', None)
                os.environ.clear()
                os.environ.update(base)
                os.environ.update(extra)
                try:
                    com = common.get_xcache_command(catchall, workdir, '6000000001', f'xcache_{label}', fn)
                except Exception as exc:
                    com = f'{type(exc).__name__}: {exc}'
                if isinstance(com, dict) and com:
                    # Pilot 3 runs f"{command} {args}" (control/payloads/generic.py)
                    com['run'] = f"{com.get('command')} {com.get('args')}"
                row[label] = json.loads(json.dumps(com).replace(sw, '@CVMFS@')) if sw else com
            out['commands'].append(row)
    for output in XCACHE_OUTPUTS:
        reset_env()
        for k in list(os.environ):
            if k.startswith('ALRB_XCACHE'):
                del os.environ[k]
        common.xcache_proxy(output)
        out['proxy'].append({'output': output, 'env': {k: v for k, v in sorted(os.environ.items()) if k.startswith('ALRB_XCACHE')}})
    return out


# ---------------------------------------------------------------- cgroups

VERSIONS = ['24.0.7', '24.0.6', '24.0.8', '24.1', '25.0.0', '24.0.7.1', '23.10.2', '24.0', '24', '100.0.0', 'abc', '24.x']
CONDOR_OUTPUTS = ['$CondorVersion: 24.0.7 2025-04-01 BuildID: 1 $\n$CondorPlatform: X86_64-Ubuntu $',
                  '$CondorVersion: 23.0.2 2024-01-01 $', '$CondorVersion: 24.1.0 $']


def cgroups(scratch):
    from pilot.util import batchsystem
    out = {'versions': [], 'condor_version': [], 'memory_max': []}
    for v in VERSIONS:
        try:
            ok = batchsystem.is_version_sufficient(v, '24.0.7')
        except Exception as exc:
            ok = f'{type(exc).__name__}: {exc}'
        out['versions'].append({'version': v, 'sufficient': ok})
    bindir = os.path.join(scratch, 'condor-bin')
    os.makedirs(bindir, exist_ok=True)
    for text in CONDOR_OUTPUTS + [None]:
        exe = os.path.join(bindir, 'condor_version')
        if os.path.exists(exe):
            os.remove(exe)
        if text is not None:
            with open(exe, 'w') as fh:
                fh.write(f"#!/bin/sh\nprintf '%s\\n' '{text}'\n")
            os.chmod(exe, 0o755)
        reset_env({'PATH': bindir + ':/usr/bin:/bin'})
        out['condor_version'].append({'output': text, 'version': batchsystem.get_htcondor_version(),
                                      'use_cgroups': batchsystem.is_htcondor_version_sufficient()})
    # memory_usage with cgroups on: what lands in the payload cgroup's memory.max
    memory.kill_processes = lambda pid, *a, **k: None
    for i, (maxpss, preset) in enumerate([(1000, False), (99999999, False), (1000, True)]):
        workdir = os.path.join(scratch, 'cgroups', f'case{i}')
        cg = os.path.join(workdir, 'cgroup')
        os.makedirs(cg, exist_ok=True)
        with open(os.path.join(cg, 'memory.max'), 'w') as fh:
            fh.write('max\n')
        with open(os.path.join(workdir, 'memory_monitor_summary.json'), 'w') as fh:
            json.dump({'Max': {'maxPSS': maxpss}}, fh)
        reset_env({'PILOT_HOME': workdir})
        CACHE.use_cgroups = True
        CACHE.cgroups = {'subprocesses': cg}
        CACHE.set_memory_limits = [cg] if preset else []
        CACHE.resource_types = None
        CACHE.harvester_submitmode = 'pull'
        job = make_job({'coreCount': 1}, {'maxrss': 1000, 'corecount': 1})
        job.workdir = workdir
        job.pid = 4242
        job.memorymonitor = 'prmon'
        memory.memory_usage(job, 'SCORE_VHIMEM')
        with open(os.path.join(cg, 'memory.max')) as fh:
            written = fh.read()
        out['memory_max'].append({'maxPSS': maxpss, 'already_set': preset, 'memory.max': written,
                                  'piloterrorcodes': list(job.piloterrorcodes)})
    CACHE.use_cgroups = False
    CACHE.cgroups = {}
    CACHE.set_memory_limits = []
    return out


def main():
    scratch, out_path = sys.argv[1:3]
    os.environ['PILOT_USER'] = 'atlas'
    BASE_ENV['PILOT_USER'] = 'atlas'
    result = {
        'pilot3': '3.11.5.1',
        'looping_limit': looping_limit(),
        'looping_ignore': looping_ignore(),
        'looping_decision': looping_decision(scratch),
        'memory_limit': memory_limit(),
        'memory_decision': memory_decision(scratch),
        'leak': leak(scratch),
        'remoteopen': remoteopen(scratch),
        'xcache': xcache(scratch),
        'cgroups': cgroups(scratch),
    }
    with open(out_path, 'w') as fh:
        json.dump(result, fh, indent=1, sort_keys=True)
        fh.write('\n')


if __name__ == '__main__':
    main()
