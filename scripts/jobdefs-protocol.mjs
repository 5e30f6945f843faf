// Server-side job and file models and panda-server's Protocol.py Response.appendJob, ported for
// scripts/gen-jobdefs.mjs (the per-file string building included), with its seeded PRNG
// (mulberry32: the same seed gives the same corpus).
// ---- seeded PRNG (mulberry32): no Math.random anywhere
let state = 0;
/** Start the sequence of a seed (call once, before anything else). */
export function seed(n) {
  state = n >>> 0;
}
export function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
export const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
export const pick = (xs) => xs[Math.floor(rand() * xs.length)];
export const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
export const guid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`.toUpperCase();
let nextId = 7100000000;

// ---- file and job models (server-side JobSpec/FileSpec fields used by appendJob)
export function inFile(over = {}) {
  const n = int(1, 99999);
  const scope = over.scope ?? pick(['mc23_13p6TeV', 'data23_13p6TeV', 'user.jdoe', 'panda']);
  return {
    type: 'input',
    lfn: `EVNT.${int(30000000, 39999999)}._${String(n).padStart(6, '0')}.pool.root.1`,
    scope,
    dataset: `${scope}:${scope}.${int(400000, 999999)}.sample.evgen.EVNT.e${int(1000, 9999)}_tid${int(30000000, 39999999)}_00`,
    GUID: guid(),
    fsize: int(1000, 4_000_000_000),
    checksum: `ad:${hex(8)}`,
    md5sum: null,
    prodDBlock: `${scope}.prod`,
    prodDBlockToken: 'NULL',
    dispatchDBlock: `panda.${int(1, 99999)}.disp`,
    dispatchDBlockToken: 'NULL',
    ...over,
  };
}
export function outFile(over = {}) {
  const scope = over.scope ?? pick(['mc23_13p6TeV', 'user.jdoe']);
  return {
    type: 'output',
    lfn: `HITS.${int(30000000, 39999999)}._${String(int(1, 99999)).padStart(6, '0')}.pool.root.1`,
    scope,
    dataset: `${scope}.${int(400000, 999999)}.simul.HITS.s${int(1000, 9999)}_tid${int(30000000, 39999999)}_00`,
    destinationDBlock: `${scope}.simul.HITS_sub${int(1, 9999)}`,
    destinationDBlockToken: pick(['NULL', 'dst:CERN-PROD_DATADISK', 'ATLASDATADISK']),
    destinationSE: 'CERN-PROD',
    dispatchDBlockToken: 'NULL',
    prodDBlockToken: 'NULL',
    GUID: guid(),
    allowNoOutput: false,
    ...over,
  };
}
export function logFile(over = {}) {
  const scope = over.scope ?? pick(['mc23_13p6TeV', 'user.jdoe', 'panda']);
  return { ...outFile({ scope }), type: 'log', lfn: `log.${int(30000000, 39999999)}._${String(int(1, 99999)).padStart(6, '0')}.job.log.tgz.1`, dataset: `${scope}.log.tid${int(1, 99999)}`, ...over };
}

/** Defaults of a server-side job (JobSpec attributes read by appendJob). */
export function jobSpec(over = {}) {
  return {
    PandaID: nextId++,
    prodSourceLabel: 'managed',
    AtlasRelease: 'Atlas-24.0',
    homepackage: 'AtlasOffline/24.0.11',
    transformation: 'Sim_tf.py',
    jobName: `mc23.${int(1, 1e6)}.job`,
    jobDefinitionID: int(0, 1000),
    cloud: 'CERN',
    jobParameters: '--inputEVNTFile=EVNT.pool.root.1 --outputHITSFile=HITS.pool.root.1 --maxEvents=100',
    attemptNr: int(1, 5),
    destinationSE: 'CERN-PROD',
    prodUserID: '/DC=ch/DC=cern/OU=Organic Units/OU=Users/CN=atlpilo1',
    maxCpuCount: int(0, 200000),
    minRamCount: pick([0, 2000, 16000]),
    maxDiskCount: int(0, 20000),
    cmtConfig: pick(['x86_64-el9-gcc13-opt', 'x86_64-centos7-gcc11-opt', 'NULL']),
    processingType: pick(['simul', 'reprocessing', 'panda-client-1.5.0-jedi-run', 'urgent']),
    transferType: 'NULL',
    sourceSite: 'NULL',
    currentPriority: int(100, 1000),
    lockedby: 'jedi',
    jediTaskID: int(30000000, 39999999),
    taskID: null,
    coreCount: pick([1, 8, null]),
    jobsetID: int(0, 99999),
    reqID: pick([int(1000, 99999), null]),
    nucleus: pick(['CERN-PROD', 'NULL', null]),
    maxWalltime: pick([0, 86400, null]),
    resource_type: pick(['SCORE', 'MCORE', 'SCORE_HIMEM']),
    job_label: 'managed',
    container_name: null,
    specials: {},
    Files: [],
    ...over,
  };
}

/** Protocol.py Response.appendJob, the per-file string building included; `site: false` = no siteSpec. */
export function appendJob(job, { site = true, esMerge = null, writeInput = false, jumbo = false } = {}) {
  const d = { StatusCode: 0 };
  d.PandaID = job.PandaID;
  d.prodSourceLabel = job.prodSourceLabel;
  d.swRelease = job.AtlasRelease;
  d.homepackage = job.homepackage;
  d.transformation = job.transformation;
  d.jobName = job.jobName;
  d.jobDefinitionID = job.jobDefinitionID;
  d.cloud = job.cloud;
  const s = { IFiles: '', OFiles: '', Dispatch: '', DisToken: '', DisTokenOut: '', Destination: '', RealDataset: '', RealDatasetIn: '', ProdDBlock: '', DestToken: '', ProdToken: '', ProdTokenOut: '', GUID: '', FSize: '', CheckSum: '', FileDestSE: '', ScopeIn: '', ScopeOut: '', ScopeLog: '' };
  let log = '';
  let logGUID = '';
  const ddmIn = [];
  const ddmOut = [];
  const noOutput = [];
  const inDs = new Map();
  const seen = new Set();
  const comma = (k, v) => { s[k] += (s[k] !== '' ? ',' : '') + v; };
  const ddm = (token, mode) => (!site ? '' : token && token !== 'NULL' ? token.replace(/^dst:/, '') : mode === 'input' ? 'CERN-PROD_DATADISK' : 'CERN-PROD_SCRATCHDISK');
  for (const f of job.Files) {
    if (f.type === 'input') {
      if (seen.has(f.lfn)) continue;
      seen.add(f.lfn);
      comma('IFiles', f.lfn);
      comma('Dispatch', f.dispatchDBlock);
      comma('DisToken', f.dispatchDBlockToken);
      s.ProdDBlock += `${f.prodDBlock},`;
      s.ProdToken += `${esMerge ? esMerge.tokens[f.lfn] : f.prodDBlockToken},`;
      comma('GUID', f.GUID);
      s.RealDatasetIn += `${f.dataset},`;
      s.FSize += `${f.fsize},`;
      s.CheckSum += `${['', 'NULL', null].includes(f.checksum) ? pyStr(f.md5sum) : f.checksum},`;
      s.ScopeIn += `${f.scope},`;
      ddmIn.push(ddm(f.dispatchDBlockToken, 'input'));
      if (!inDs.has(f.dataset)) inDs.set(f.dataset, []);
      inDs.get(f.dataset).push(f.lfn);
    }
    if (f.type === 'output' || f.type === 'log') {
      comma('OFiles', f.lfn);
      comma('Destination', f.destinationDBlock);
      comma('RealDataset', f.dataset);
      s.FileDestSE += `${f.destinationSE},`;
      if (f.type === 'log') {
        log = f.lfn;
        logGUID = f.GUID;
        s.ScopeLog = f.scope;
      } else s.ScopeOut += `${f.scope},`;
      comma('DestToken', f.destinationDBlockToken.split(',')[0].replace(/^ddd:/, 'dst:'));
      s.DisTokenOut += `${f.dispatchDBlockToken},`;
      s.ProdTokenOut += `${f.prodDBlockToken},`;
      ddmOut.push(ddm(f.destinationDBlockToken.split(',')[0], 'output'));
      if (f.allowNoOutput) noOutput.push(f.lfn);
    }
  }
  const cut = (v) => v.slice(0, -1);
  d.inFiles = s.IFiles;
  d.dispatchDblock = s.Dispatch;
  d.dispatchDBlockToken = s.DisToken;
  d.dispatchDBlockTokenForOut = cut(s.DisTokenOut);
  d.outFiles = s.OFiles;
  d.destinationDblock = s.Destination;
  d.destinationDBlockToken = s.DestToken;
  d.prodDBlocks = cut(s.ProdDBlock);
  d.prodDBlockToken = cut(s.ProdToken);
  d.realDatasets = s.RealDataset;
  d.realDatasetsIn = cut(s.RealDatasetIn);
  d.fileDestinationSE = cut(s.FileDestSE);
  d.logFile = log;
  d.logGUID = logGUID;
  // extractMultiStepExec: <MULTI_STEP_EXEC>{json}</MULTI_STEP_EXEC> → preprocess/postprocess/...
  let pars = job.jobParameters;
  let pp = null;
  if (pars.includes('<MULTI_STEP_EXEC>') && pars.includes('</MULTI_STEP_EXEC>')) {
    const [a, b] = pars.split('<MULTI_STEP_EXEC>');
    try {
      pp = JSON.parse(b.split('</MULTI_STEP_EXEC>')[0]);
      pars = a;
    } catch {
      pp = null;
    }
  }
  d.jobPars = pars;
  if (pp) Object.assign(d, pp);
  if (job.specials.encJobParams) d.jobPars = Buffer.from(d.jobPars).toString('base64');
  d.attemptNr = job.attemptNr;
  d.GUID = s.GUID;
  d.checksum = cut(s.CheckSum);
  d.fsize = cut(s.FSize);
  d.scopeIn = cut(s.ScopeIn);
  d.scopeOut = cut(s.ScopeOut);
  d.scopeLog = s.ScopeLog;
  d.ddmEndPointIn = ddmIn.join(',');
  d.ddmEndPointOut = ddmOut.join(',');
  if (job.specials.ddmNone) d.ddmEndPointOut = ''; // getDdmEndpoint returned None: join raised TypeError
  d.destinationSE = job.destinationSE;
  d.prodUserID = job.prodUserID;
  d.maxCpuCount = job.maxCpuCount;
  d.minRamCount = job.minRamCount;
  d.maxDiskCount = job.maxDiskCount;
  d.cmtConfig = pp === null || !['NULL', null].includes(job.cmtConfig) ? job.cmtConfig : '';
  d.processingType = job.processingType;
  d.transferType = job.transferType;
  d.sourceSite = job.sourceSite;
  d.currentPriority = job.currentPriority;
  d.taskID = job.lockedby === 'jedi' ? job.jediTaskID : job.taskID;
  d.coreCount = ['NULL', null].includes(job.coreCount) ? 1 : job.coreCount;
  d.jobsetID = job.jobsetID;
  d.reqID = job.reqID;
  d.nucleus = job.nucleus;
  d.maxWalltime = job.maxWalltime;
  d.resource_type = job.resource_type;
  const sp = job.specials;
  if (sp.noLoopingCheck) d.loopingCheck = false;
  if (sp.debug) d.debug = 'True';
  if (sp.cloneJob) d.cloneJob = sp.cloneJob;
  else if (sp.eventService || jumbo) {
    d.eventService = 'True';
    d.prodDBlockTokenForOutput = cut(s.ProdTokenOut);
  } else if (sp.fineGrained) d.eventService = 'True';
  if (esMerge) {
    d.eventServiceMerge = 'True';
    d.writeToFile = Object.entries(esMerge.outputs).map(([o, ins]) => `inputFor_${o}:${ins.join(',')}`).join('^');
  } else if (writeInput) {
    d.writeToFile = [...inDs].map(([ds, lfns]) => `tmpin_${ds.replace(/\/$/, '').split(':').at(-1)}:${lfns.join(',')}`).join('^');
  }
  if (jumbo) for (const [ds, lfns] of inDs) d.jobPars = d.jobPars.replaceAll(`tmpin__cnt_${ds.replace(/\/$/, '').split(':').at(-1)}`, lfns.join(','));
  if (noOutput.length) d.allowNoOutput = noOutput.join(',');
  if (sp.altStgOut) d.altStageOut = sp.altStgOut;
  if (sp.putLogToOS) d.putLogToOS = 'True';
  if (sp.noExecStrCnv) d.noExecStrCnv = 'True';
  if (sp.inFilePosEvtNum) d.inFilePosEvtNum = 'True';
  if (sp.usePrefetcher) d.usePrefetcher = 'True';
  if (!['NULL', null].includes(job.container_name)) d.container_name = job.container_name;
  d.ioIntensity = sp.ioIntensity ?? null;
  d.ioIntensityUnit = sp.ioIntensity ? 'kBPerS' : null;
  if (sp.hpo) d.isHPO = 'True';
  if (sp.useVP) d.useVP = 'True';
  if (sp.onSiteMerging) d.onSiteMerging = 'True';
  d.nSent = int(0, 3);
  if (sp.proxyKey) {
    d.credname = '';
    d.myproxy = '';
  }
  if (sp.secrets) d.secrets = sp.secrets;
  if (sp.pilotSecrets) d.pilotSecrets = sp.pilotSecrets;
  return d;
}

/** Python's str() of a JSON-like value (only what appendJob formats: None, numbers, strings). */
function pyStr(v) {
  return v === null || v === undefined ? 'None' : String(v);
}

/** The URL-encoded answer as the pilot decodes it: every value a string, None for null (Pilot 3 parse_qsl drops empty values). */
export function urlForm(d) {
  const o = {};
  for (const [k, v] of Object.entries(d)) {
    const sv = v === null ? 'None' : typeof v === 'object' ? pyRepr(v) : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
    if (sv !== '') o[k] = sv;
  }
  return o;
}
function pyRepr(v) {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}
