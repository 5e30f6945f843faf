/**
 * A simulated CVMFS for ATLAS jobs: the tree the real repositories have where the pilot looks
 * (atlas.cern.ch/repo/ATLASLocalRootBase, .../sw, container images, the last-update files), with
 * setup scripts that record how they were called and set the environment the real ones set:
 *
 * - `ATLASLocalRootBase/user/atlasLocalSetup.sh` (sourced): AtlasSetup, ALRB_* variables and an
 *   `lsetup` function; with `-c <platform|image>` it runs the `-s` setup file and the `-r` payload
 *   script in a container (bubblewrap here, as ALRB does with its Apptainer): the work dir at /srv,
 *   APPTAINER_CONTAINER set to the image, its own PID namespace.
 * - `.../AtlasSetup/scripts/asetup.sh` (sourced): finds the release (project, version, nightly) under
 *   sw/software, puts its bin/ on PATH and sets AtlasProject/AtlasVersion/CMTCONFIG; an unknown
 *   release fails with "No release candidates found".
 * - transforms (`Reco_tf.py`, `Sim_tf.py`, ...) in each release's bin/: they record their argv,
 *   create every `--output*File=` file and write a jobReport.json.
 *
 * Every call is appended to `$ALRB_SIM_RECORD` (one line per call: name, arguments, and for the
 * transforms the variables they saw); the transforms also dump their whole environment to
 * `$ALRB_SIM_RECORD.env` (`env -0`) and, when `$ALRB_SIM_RELEASE` names a file, wait for it to
 * exist before they make their outputs. `node dist/test/support/cvmfs.js DIR` builds a tree (the
 * Pilot 3 recording script uses that).
 */
import { chmodSync, lstatSync, mkdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Releases the tree provides: project → versions; nightlies as "<branch>/<stamp>". */
export const SIM_RELEASES: Record<string, string[]> = {
  Athena: ['23.0.5', '24.0.12', '22.0.104'],
  AthSimulation: ['21.0.31'],
  AthGeneration: ['21.6.100'],
  AnalysisBase: ['22.2.110', '24.2.30'],
  AtlasOffline: ['21.0.77'],
};
export const SIM_NIGHTLIES: Record<string, string[]> = { main: ['2026-11-30T2101'] };
/** Transforms installed in every release. */
export const SIM_TRANSFORMS = ['Reco_tf.py', 'Sim_tf.py', 'Gen_tf.py', 'Merge_tf.py', 'Derivation_tf.py', 'EVNTMerge_tf.py', 'Archive_tf.py'];
/** Unpacked platform images (ALRB's containers/fs/singularity and the pilot's images/apptainer). */
export const SIM_PLATFORMS = ['x86_64-el9', 'x86_64-centos7'];

const LAST_UPDATE = [
  'atlas.cern.ch/repo/ATLASLocalRootBase/logDir/lastUpdate',
  'atlas-condb.cern.ch/repo/conditions/logDir/lastUpdate',
  'atlas-nightlies.cern.ch/repo/sw/logs/lastUpdate',
  'sft.cern.ch/lcg/lastUpdate',
  'unpacked.cern.ch/logDir/lastUpdate',
  'sft-nightlies.cern.ch/lcg/lastUpdate',
];

const RECORD = `_sim_rec() { if [ -n "\${ALRB_SIM_RECORD:-}" ]; then printf '%s\\n' "$*" >> "$ALRB_SIM_RECORD"; fi; }`;

const ATLAS_LOCAL_SETUP = `# simulated ATLASLocalRootBase/user/atlasLocalSetup.sh (sourced)
${RECORD}
_sim_rec "atlasLocalSetup.sh $*"
export ATLAS_LOCAL_ROOT_BASE="\${ATLAS_LOCAL_ROOT_BASE:-@ALRB@}"
export AtlasSetup="$ATLAS_LOCAL_ROOT_BASE/x86_64/AtlasSetup/current/AtlasSetup"
export ALRB_SIM_SETUP=1
export ALRB_OSTYPE=linux
export ALRB_RELOCATECVMFS="\${ATLAS_SW_BASE:-/cvmfs}"
# lsetup puts the tools it sets up on PATH (here: prmon, cpu_flags' cpu_arch.py)
lsetup() {
  _sim_rec "lsetup $*"
  for _t in "$@"; do [ -d "$ATLAS_LOCAL_ROOT_BASE/x86_64/$_t/current/bin" ] && export PATH="$ATLAS_LOCAL_ROOT_BASE/x86_64/$_t/current/bin:$PATH"; done
  true
}
_alrb_cont=""; _alrb_s=""; _alrb_r=""; _alrb_e=""
while [ $# -gt 0 ]; do
  case "$1" in
    -c) _alrb_cont="$2"; shift 2;;
    -s) _alrb_s="$2"; shift 2;;
    -r) _alrb_r="$2"; shift 2;;
    -e) _alrb_e="$2"; shift 2;;
    *) shift;;
  esac
done
if [ -n "$_alrb_cont" ]; then
  # ALRB: a path or docker:// reference is the image, else the OS of the platform picks one.
  _alrb_root="\${ATLAS_LOCAL_ROOT_BASE%/ATLASLocalRootBase}/containers/fs/singularity"
  case "$_alrb_cont" in
    /*) _alrb_image="$_alrb_cont";;
    docker://*) _alrb_image="$_alrb_root/$(basename "\${_alrb_cont#docker://}" | tr ':' '_')";;
    *) _alrb_os=$(printf '%s' "$_alrb_cont" | grep -oE '(centos7|el9|el8|alma9|slc6)' | head -1)
       [ "$_alrb_os" = alma9 ] && _alrb_os=el9
       _alrb_image="$_alrb_root/x86_64-\${_alrb_os:-unknown}";;
  esac
  if [ ! -d "$_alrb_image" ]; then echo "Error: container $_alrb_cont not found ($_alrb_image)" >&2; return 64 2>/dev/null || exit 64; fi
  _sim_rec "container image=$_alrb_image setup=$_alrb_s run=$_alrb_r opts=$_alrb_e"
  _alrb_inner='export ATLAS_LOCAL_ROOT_BASE='"$ATLAS_LOCAL_ROOT_BASE"'; source "$ATLAS_LOCAL_ROOT_BASE/user/atlasLocalSetup.sh" --quiet; '
  [ -n "$_alrb_s" ] && _alrb_inner="$_alrb_inner"'source '"$_alrb_s"' || exit $?; '
  _alrb_inner="$_alrb_inner"'source '"$_alrb_r"'; exit $?'
  # the record's directory stays writable in the container (the calls and the payload's environment go there)
  _alrb_rw=(); [ -n "\${ALRB_SIM_RECORD:-}" ] && _alrb_rw=(--bind "$(dirname "$ALRB_SIM_RECORD")" "$(dirname "$ALRB_SIM_RECORD")")
  bwrap --ro-bind / / --dev /dev --proc /proc --bind "$PWD" "$PWD" --bind "$PWD" /srv "\${_alrb_rw[@]}" --unshare-pid --die-with-parent \\
    --setenv APPTAINER_CONTAINER "$_alrb_image" --setenv APPTAINER_NAME "$(basename "$_alrb_image")" \\
    --chdir /srv -- /bin/bash -c "$_alrb_inner"
  return $? 2>/dev/null || exit $?
fi
true
`;

const ASETUP = `# simulated AtlasSetup/scripts/asetup.sh (sourced)
${RECORD}
_sim_rec "asetup.sh $*"
_as_words=$(printf '%s' "$1" | tr ',' ' '); shift
_as_platform=""
while [ $# -gt 0 ]; do
  case "$1" in
    --platform) _as_platform="$2"; shift 2;;
    --platform=*) _as_platform="\${1#--platform=}"; shift;;
    *) shift;;
  esac
done
_as_sw="\${ATLAS_SW_BASE:-/cvmfs}"
_as_project=""; _as_version=""; _as_branch=""; _as_stamp=""
for w in $_as_words; do
  case "$w" in
    [0-9]*.[0-9]*) _as_version="$w";;
    [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9][0-9][0-9]) _as_stamp="$w";;
    notest|here|fast|opt|dbg|64|32) ;;
    main|master|2[0-9].[0-9]) _as_branch="$w";;
    *) _as_project="$w";;
  esac
done
_as_project="\${_as_project:-Athena}"
if [ -n "$_as_stamp" ]; then
  _as_dir="$_as_sw/atlas-nightlies.cern.ch/repo/sw/\${_as_branch:-main}/$_as_stamp/$_as_project"
  _as_version="\${_as_branch:-main}"
else
  _as_dir="$_as_sw/atlas.cern.ch/repo/sw/software/$_as_version/$_as_project"
fi
if [ -z "$_as_version" ] || [ ! -d "$_as_dir/bin" ]; then echo "No release candidates found"; return 1 2>/dev/null || exit 1; fi
export AtlasProject="$_as_project" AtlasVersion="$_as_version" AtlasBuildStamp="$_as_stamp"
export CMTCONFIG="\${_as_platform:-x86_64-el9-gcc13-opt}" AtlasReleaseType=stable
export PATH="$_as_dir/bin:$PATH"
true
`;

const TRANSFORM = `#!/bin/bash
# simulated ATLAS transform: records its call, makes its outputs, writes jobReport.json
${RECORD}
_sim_rec "trf $(basename "$0") project=\${AtlasProject:-} version=\${AtlasVersion:-} cmtconfig=\${CMTCONFIG:-} cores=\${ATHENA_PROC_NUMBER:-}/\${ATHENA_CORE_NUMBER:-} pandaid=\${PandaID:-} frontier=\${FRONTIER_ID:-} container=\${APPTAINER_CONTAINER:-} image=$(cat /etc/image-release 2>/dev/null) pwd=$PWD args=$*"
# the environment the payload got, for comparisons (NUL-separated, as env -0 writes it)
if [ -n "\${ALRB_SIM_RECORD:-}" ]; then env -0 > "$ALRB_SIM_RECORD.env"; fi
# --simBurnCpu: first spend a little over a second of user and of system CPU time (a fixed amount, whatever the load),
# so the memory monitor's next sample has non-zero stime and utime (ATLAS's actualCoreCount) and the job a cpuConsumptionTime
case " $* " in *" --simBurnCpu "*)
  _b_need=$(( $(getconf CLK_TCK) * 11 / 10 ))
  while :; do
    for ((_b_i = 0; _b_i < 300; _b_i++)); do : > /dev/null; done
    read -r _b_stat < /proc/$$/stat; _b_f=(\${_b_stat##*) })
    [ "\${_b_f[11]}" -ge "$_b_need" ] && [ "\${_b_f[12]}" -ge "$_b_need" ] && break
  done;;
esac
# a harness may hold the transform until it has seen the job running (ALRB_SIM_RELEASE: a file to wait for, 2 min at most)
if [ -n "\${ALRB_SIM_RELEASE:-}" ]; then for i in $(seq 1 4200); do [ -e "$ALRB_SIM_RELEASE" ] && break; sleep 0.1; done; fi
echo "$(basename "$0") starting in \${AtlasProject:-?} \${AtlasVersion:-?}"
outs=""
for a in "$@"; do
  case "$a" in
    --output*File=*) f="\${a#*=}"; echo "events of $f" > "$f"; outs="$outs{\\"name\\": \\"$f\\", \\"file_guid\\": \\"$(cat /proc/sys/kernel/random/uuid | tr a-z A-Z)\\", \\"nentries\\": 10, \\"file_size\\": $(stat -c %s "$f")},";;
    --simExit=*) code="\${a#*=}";;
  esac
done
outs="\${outs%,}"
cat > jobReport.json <<EOT
{"exitCode": \${code:-0}, "exitMsg": "$( [ "\${code:-0}" = 0 ] && echo OK || echo "Non-zero return code from EVNTtoHITS (\${code})")", "exitAcronym": "OK",
 "files": {"input": [], "output": [{"subFiles": [$outs]}]},
 "resource": {"transform": {"processedEvents": 10, "cpuTimeTotal": 3, "wallTime": 4},
              "dbTimeTotal": 0.75, "dbDataTotal": 1234,
              "machine": {"node": "sim-node", "model_name": "Sim CPU @ 2.0GHz"},
              "executor": {"EVNTtoHITS": {"dbTime": 0.75, "dbData": 1234, "resimevents": 0, "memory": {"Max": {"maxPSS": 1000, "maxRSS": 1200}, "Avg": {"avgPSS": 900}}}}}}
EOT
# the transform's end, for a harness that tells heartbeats sent while it ran from later ones
if [ -n "\${ALRB_SIM_RECORD:-}" ]; then : > "$ALRB_SIM_RECORD.end"; fi
exit \${code:-0}
`;

/**
 * prmon as `lsetup prmon` provides it: samples --pid and its descendants from /proc every
 * --interval s (the first sample at once), appends a row to --filename and rewrites
 * `<--json-summary>_snapshot` (Max/Avg as prmon writes them); at the end (the tree gone, or
 * SIGUSR1/SIGTERM: a last sample) it writes the --json-summary itself and removes the snapshot,
 * as prmon does (so while the payload runs Pilot 3 reads the figures from the text file).
 */
const PRMON = `#!/bin/bash
# simulated prmon
pid=""; out=prmon.txt; summary=prmon.json; interval=30
while [ $# -gt 0 ]; do case "$1" in --pid) pid=$2; shift 2;; --filename) out=$2; shift 2;; --json-summary) summary=$2; shift 2;; --interval) interval=$2; shift 2;; *) shift;; esac; done
[ -n "$pid" ] || { echo "prmon: --pid required" >&2; exit 1; }
clk=$(getconf CLK_TCK); t0=$(date +%s); rows=0
declare -A max sum
tree() { echo "$1"; local c; for c in $(cat /proc/$1/task/*/children 2>/dev/null); do tree "$c"; done; }
printf 'Time\\tnprocs\\tnthreads\\twtime\\tstime\\tutime\\tpss\\trss\\tswap\\tvmem\\trchar\\tread_bytes\\twchar\\twrite_bytes\\trx_bytes\\trx_packets\\ttx_bytes\\ttx_packets\\n' > "$out"
sample() {
  local -A v=([nprocs]=0 [nthreads]=0 [pss]=0 [rss]=0 [swap]=0 [vmem]=0 [rchar]=0 [read_bytes]=0 [wchar]=0 [write_bytes]=0 [utime]=0 [stime]=0)
  local p k x rest
  for p in $(tree "$pid"); do
    [ -r /proc/$p/status ] || continue
    v[nprocs]=$((v[nprocs] + 1))
    while read -r k x rest; do case "$k" in VmRSS:) v[rss]=$((v[rss] + x));; VmSize:) v[vmem]=$((v[vmem] + x));; VmSwap:) v[swap]=$((v[swap] + x));; Threads:) v[nthreads]=$((v[nthreads] + x));; esac; done < /proc/$p/status
    while read -r k x rest; do [ "$k" = Pss: ] && v[pss]=$((v[pss] + x)); done < /proc/$p/smaps_rollup 2>/dev/null
    while read -r k x; do case "$k" in rchar:|wchar:|read_bytes:|write_bytes:) v[\${k%:}]=$((v[\${k%:}] + x));; esac; done < /proc/$p/io 2>/dev/null
    read -r rest < /proc/$p/stat 2>/dev/null && set -- \${rest##*) } && v[utime]=$((v[utime] + \${12:-0})) && v[stime]=$((v[stime] + \${13:-0}))
  done
  local now; now=$(date +%s)
  printf '%s\\t' "$now" "\${v[nprocs]}" "\${v[nthreads]}" "$((now - t0))" "$((v[stime] / clk))" "$((v[utime] / clk))" "\${v[pss]}" "\${v[rss]}" "\${v[swap]}" "\${v[vmem]}" "\${v[rchar]}" "\${v[read_bytes]}" "\${v[wchar]}" "\${v[write_bytes]}" 0 0 0 >> "$out"
  printf '0\\n' >> "$out"
  rows=$((rows + 1))
  for k in nprocs nthreads pss rss swap vmem rchar read_bytes wchar write_bytes; do
    [ "\${v[$k]}" -gt "\${max[$k]:-0}" ] && max[$k]=\${v[$k]}
    sum[$k]=$(( \${sum[$k]:-0} + v[$k] ))
  done
  local wall=$((now - t0)); [ "$wall" -gt 0 ] || wall=1
  { printf '{"Max": {'; for k in nprocs nthreads pss rss swap vmem rchar read_bytes wchar write_bytes; do printf '"%s": %s, ' "$k" "\${max[$k]:-0}"; done
    printf '"stime": %s, "utime": %s, "wtime": %s}, "Avg": {' "$((v[stime] / clk))" "$((v[utime] / clk))" "$((now - t0))"
    for k in nprocs nthreads pss rss swap vmem; do printf '"%s": %s, ' "$k" "$((sum[$k] / rows))"; done
    printf '"rchar": %s, "read_bytes": %s, "wchar": %s, "write_bytes": %s}, "prmon": {"Version": "sim"}}\\n' "$((v[rchar] / wall))" "$((v[read_bytes] / wall))" "$((v[wchar] / wall))" "$((v[write_bytes] / wall))"
  } > "$summary.tmp" && mv "$summary.tmp" "\${summary}_snapshot"
}
finish() { sample; [ -e "\${summary}_snapshot" ] && mv "\${summary}_snapshot" "$summary"; exit 0; }
trap finish USR1 TERM
while [ -d /proc/$pid ]; do sample; sleep "$interval" & wait $!; done
finish
`;

/** ATLAS's cpu_arch.py as `lsetup cpu_flags` provides it: the x86-64 micro-architecture level of this CPU. */
const CPU_ARCH = `#!/bin/bash
# simulated cpu_arch.py: the highest x86-64 level whose flags /proc/cpuinfo lists
f=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
has() { for x in "$@"; do case "$f" in *" $x "*) ;; *) return 1;; esac; done; }
if has avx512f avx512bw avx512cd avx512dq avx512vl; then echo x86-64-v4
elif has avx avx2 bmi1 bmi2 f16c fma movbe xsave; then echo x86-64-v3
elif has cx16 lahf_lm popcnt sse4_1 sse4_2 ssse3; then echo x86-64-v2
else echo x86-64-v1; fi
`;

/**
 * A small "image": a directory with /etc/image-release and the host's top-level symlinks (bin ->
 * usr/bin, ...); the host's /usr (and real /bin, /lib dirs) are bound by the queue's container_options
 * ({@link hostBinds}).
 */
function image(dir: string, name: string): void {
  mkdirSync(path.join(dir, 'etc'), { recursive: true });
  mkdirSync(path.join(dir, 'usr'), { recursive: true });
  writeFileSync(path.join(dir, 'etc', 'image-release'), `${name}\n`);
  for (const d of ['bin', 'sbin', 'lib', 'lib64']) {
    try {
      if (lstatSync(`/${d}`).isSymbolicLink()) symlinkSync(readlinkSync(`/${d}`), path.join(dir, d));
    } catch {
      // not on this host
    }
  }
}

/** Binds an image needs from the host (apptainer syntax, for container_options). */
export function hostBinds(): string[] {
  const binds = ['/usr:/usr:ro'];
  for (const d of ['bin', 'sbin', 'lib', 'lib64']) {
    try {
      if (!lstatSync(`/${d}`).isSymbolicLink()) binds.push(`/${d}:/${d}:ro`);
    } catch {
      // not on this host
    }
  }
  return binds;
}

function script(file: string, body: string, mode = 0o755): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, body);
  chmodSync(file, mode);
}

/** Build the simulated tree under `root` (used as ATLAS_SW_BASE); returns `root`. */
export function buildSimCvmfs(root: string): string {
  const repo = path.join(root, 'atlas.cern.ch/repo');
  const alrb = path.join(repo, 'ATLASLocalRootBase');
  for (const f of LAST_UPDATE) script(path.join(root, f), '2026-11-30 10:00:00 | stratum0.sim | 1795600000\n', 0o644);
  mkdirSync(path.join(repo, 'sw'), { recursive: true });
  script(path.join(alrb, 'user/atlasLocalSetup.sh'), ATLAS_LOCAL_SETUP.replace('@ALRB@', alrb), 0o644);
  script(path.join(alrb, 'x86_64/AtlasSetup/current/AtlasSetup/scripts/asetup.sh'), ASETUP, 0o644);
  script(path.join(alrb, 'x86_64/prmon/current/bin/prmon'), PRMON);
  script(path.join(alrb, 'x86_64/cpu_flags/current/bin/cpu_arch.py'), CPU_ARCH);
  const bins: string[] = [];
  for (const [project, versions] of Object.entries(SIM_RELEASES)) for (const v of versions) bins.push(path.join(repo, 'sw/software', v, project, 'bin'));
  for (const [branch, stamps] of Object.entries(SIM_NIGHTLIES)) for (const s of stamps) bins.push(path.join(root, 'atlas-nightlies.cern.ch/repo/sw', branch, s, 'Athena/bin'));
  for (const bin of bins) for (const t of SIM_TRANSFORMS) script(path.join(bin, t), TRANSFORM);
  for (const p of SIM_PLATFORMS) {
    image(path.join(repo, 'containers/fs/singularity', p), p);
    image(path.join(repo, 'containers/images/apptainer', `${p}.img`), p);
  }
  // A user image on unpacked.cern.ch, as jobs name them (container_name).
  image(path.join(root, 'unpacked.cern.ch/registry.hub.docker.com/atlas/analysisbase:22.2.110'), 'analysisbase');
  return root;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node cvmfs.js DIR');
    process.exit(2);
  }
  console.log(buildSimCvmfs(path.resolve(dir)));
}

/**
 * ALRB's ALRB_CONT_RUNPAYLOAD in the simulated tree under `root` (added by the middleware tests):
 * `atlasLocalSetup.sh -c <image>` without `-r` runs `$ALRB_CONT_RUNPAYLOAD` in the container, as
 * Pilot 3's middleware container command expects. The simulated script is kept as
 * atlasLocalSetup.base.sh and called with `-r` pointing at a script that evaluates the variable.
 */
export async function addAlrbRunPayload(root: string): Promise<void> {
  const { copyFile } = await import('node:fs/promises');
  const user = path.join(root, 'atlas.cern.ch/repo/ATLASLocalRootBase/user');
  const base = path.join(user, 'atlasLocalSetup.base.sh');
  const current = path.join(user, 'atlasLocalSetup.sh');
  await copyFile(current, base);
  script(path.join(user, 'runpayload.sh'), '# simulated ALRB: the container runs $ALRB_CONT_RUNPAYLOAD\neval "$ALRB_CONT_RUNPAYLOAD"\n', 0o644);
  const wrapper = [
    '# simulated atlasLocalSetup.sh with ALRB_CONT_RUNPAYLOAD (sourced)',
    '_rp_c=""; _rp_r=""',
    'for _rp_a in "$@"; do case "$_rp_a" in -c) _rp_c=1;; -r) _rp_r=1;; esac; done',
    `if [ -n "$_rp_c" ] && [ -z "$_rp_r" ] && [ -n "\${ALRB_CONT_RUNPAYLOAD:-}" ]; then`,
    `  source '${base}' "$@" -r '${path.join(user, 'runpayload.sh')}'`,
    'else',
    `  source '${base}' "$@"`,
    'fi',
    '',
  ].join('\n');
  script(current, wrapper, 0o644);
}
