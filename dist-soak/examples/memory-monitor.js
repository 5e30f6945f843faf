/**
 * Example: monitor a process's memory and estimate its leak.
 *
 *   MONITOR_PID=1234 MONITOR_SECONDS=30 node dist/examples/memory-monitor.js
 *   node dist/examples/memory-monitor.js          # monitors a small demo child that grows
 *
 * Env: MONITOR_PID (default: start a demo child), MONITOR_SECONDS (at most this long, default 60;
 * monitoring ends earlier when the process exits), MONITOR_INTERVAL_MS (default 1000),
 * MONITOR_WORKDIR (where memory_monitor_output.txt / _summary.json go; default a temp dir),
 * MONITOR_TOOL (builtin | prmon). Prints {summary, leak, samples, workdir} as JSON on stdout.
 */
import { spawn } from 'node:child_process';
import { services } from 'panda-pilot/api';
let pid = Number(process.env.MONITOR_PID ?? 0);
if (!pid) {
    // a demo payload: allocates 2 MB every 100 ms for 3 s
    const code = 'const k=[];let n=0;const t=setInterval(()=>{k.push(Buffer.alloc(2*1048576,1));if(++n>=30){clearInterval(t);process.exit(0);}},100);';
    pid = spawn(process.execPath, ['-e', code], { stdio: 'ignore' }).pid;
}
const { monitor, series, summary, leak } = await services.monitorProcess({
    pid,
    durationMs: Number(process.env.MONITOR_SECONDS ?? 60) * 1000,
    intervalMs: Number(process.env.MONITOR_INTERVAL_MS ?? 1000),
    workdir: process.env.MONITOR_WORKDIR || undefined,
    tool: process.env.MONITOR_TOOL === 'prmon' ? 'prmon' : 'builtin',
});
console.error(`pid ${pid}: ${series.Time?.length ?? 0} samples, max PSS ${summary?.Max.pss ?? '?'} kB, leak ${leak.slope || 'n/a'} kB/s (chi2 ${leak.chi2 || 'n/a'})`);
console.log(JSON.stringify({ pid, workdir: monitor.workdir, samples: series.Time?.length ?? 0, summary, leak }));
//# sourceMappingURL=memory-monitor.js.map