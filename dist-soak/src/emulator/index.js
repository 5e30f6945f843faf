/**
 * PanDA server emulator: a local HTTP server speaking panda-server's legacy dispatcher protocol
 * (getJob, updateJob, ...) plus the info-system caches a pilot reads, with job definitions from
 * JSON, persistent state, admin commands (tobekilled, debug) and fault injection for tests.
 *
 * ```ts
 * const emu = await startPandaEmulator({ queues: { DEMO: {} }, jobs: [{ queue: 'DEMO', transformation: 'run.sh' }], trfDir });
 * // pilot: --url http://127.0.0.1 --port <emu.port> -q DEMO -j managed -g <emu.url>/trf
 * await emu.close();
 * ```
 */
import { createServer } from 'node:http';
import { FaultInjector } from './faults.js';
import { setDebug } from './handlers.js';
import { handleRequest } from './server.js';
import { EmulatorStore } from './store.js';
export { demoSetup, DEMO_TRF_NAME, DEMO_TRF_SCRIPT } from './demo.js';
export { startRucioEmulator } from './rucio.js';
export { demoQueue, demoDdmName, posixStorage, schedconfigFor, storageData } from './queuedata.js';
export { JobDefinitionSchema, JobDefinitionError } from './jobdef.js';
export { describeJob } from './describe.js';
export { EmulatorStore, finalizeByAdder } from './store.js';
export { pyUrlencode, pyJson, pyRepr, quotePlus } from './pycodec.js';
export { RESOURCE_TYPES } from './handlers.js';
/** Apply an admin command to a job (shared by the library, the admin endpoint and the CLI). */
export function applyCommand(store, pandaID, command) {
    const rec = store.job(pandaID);
    if (!rec)
        return { ok: false, message: `PandaID=${pandaID} not found` };
    if (command === 'debug' || command === 'debugoff') {
        const msg = setDebug(store, pandaID, command === 'debug');
        return { ok: msg === 'Succeeded' || msg === 'Already set accordingly', message: msg };
    }
    if (!rec.active && rec.jobStatus !== 'defined')
        return { ok: false, message: `PandaID=${pandaID} not found in active DB (status ${rec.jobStatus})` };
    if (command === 'clear')
        rec.commandToPilot = null;
    else if ((command === 'tobekilled' || command === 'kill') && (rec.jobStatus === 'defined' || rec.jobStatus === 'activated')) {
        // not dispatched yet: the server cancels it directly
        rec.jobDispatcherErrorDiag = 'killed by panda-emulator admin';
        store.setStatus(rec, 'cancelled');
        store.archive(rec);
    }
    else
        rec.commandToPilot = command === 'kill' ? 'tobekilled' : command;
    store.save();
    return { ok: true, message: `PandaID=${pandaID} ${command} (status ${rec.jobStatus})` };
}
function waitForJob(store, id, until, timeoutMs) {
    const test = typeof until === 'function' ? until : (r) => until.includes(r.jobStatus);
    return new Promise((resolve, reject) => {
        const check = () => {
            const rec = store.job(id);
            if (!rec || !test(rec))
                return false;
            cleanup();
            resolve(rec);
            return true;
        };
        const onChange = (rec) => {
            if (rec.PandaID === id)
                check();
        };
        const timer = setTimeout(() => {
            cleanup();
            reject(new Error(`job ${id} did not reach the expected state within ${timeoutMs} ms (status ${store.job(id)?.jobStatus ?? 'unknown'})`));
        }, timeoutMs);
        const cleanup = () => {
            clearTimeout(timer);
            store.off('change', onChange);
        };
        store.on('change', onChange);
        check();
    });
}
/** Start an emulator. */
export async function startPandaEmulator(opts = {}) {
    const host = opts.host ?? '127.0.0.1';
    const timeouts = {
        heartbeatTimeoutS: opts.heartbeatTimeoutS ?? 7200,
        sentTimeoutS: opts.sentTimeoutS ?? 1800,
        holdingTimeoutS: opts.holdingTimeoutS ?? 172800,
        adderDelayS: opts.adderDelayS ?? 0,
        archiveDelayS: opts.archiveDelayS ?? 0,
    };
    const queues = opts.queues ?? { DEMO: {} };
    const store = new EmulatorStore(queues, opts.clock ?? Date.now, timeouts, opts.stateFile, opts.firstPandaID);
    if (opts.jobs?.length) {
        const defs = store.restored ? opts.jobs.filter((d) => d && typeof d === 'object' && ('PandaID' in d || 'raw' in d)) : opts.jobs;
        store.addJobs(defs, 'jobs');
    }
    store.save();
    const faults = new FaultInjector();
    const requests = [];
    let url = '';
    const deps = {
        store,
        faults,
        url: () => url,
        trfDir: opts.trfDir,
        storageDir: opts.storageDir,
        storages: opts.storages ?? {},
        credentials: opts.credentials ?? {},
        pilotSecrets: opts.pilotSecrets,
        noRole: opts.noProductionRole,
        requests,
        command: (id, cmd) => applyCommand(store, id, cmd),
    };
    const server = createServer((req, res) => {
        handleRequest(deps, req, res).catch((e) => {
            if (!res.headersSent) {
                res.writeHead(500, { 'Content-Type': 'text/plain' });
                res.end(e instanceof Error ? e.message : String(e));
            }
            else
                res.destroy();
        });
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        // a deep accept queue: a thousand pilots connecting at once must not see SYN retries
        server.listen({ port: opts.port ?? 0, host, backlog: 4096 }, () => {
            server.off('error', reject);
            resolve();
        });
    });
    const port = server.address().port;
    url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const shortest = Math.min(timeouts.heartbeatTimeoutS, timeouts.sentTimeoutS, timeouts.holdingTimeoutS, Math.max(timeouts.adderDelayS, 0.2));
    const period = opts.daemonIntervalMs ?? Math.min(30000, Math.max(50, (shortest * 1000) / 4));
    const timer = setInterval(() => {
        if (store.runDaemons())
            store.save();
    }, period);
    timer.unref();
    return {
        url,
        port,
        host,
        store,
        requests,
        addJobs: (defs) => store.addJobs(Array.isArray(defs) ? defs : [defs], 'addJobs'),
        job: (id) => store.job(id),
        jobs: () => [...store.jobs.values()],
        updates: (id) => store.job(id)?.updates ?? [],
        command: (id, cmd) => applyCommand(store, id, cmd),
        injectFault: (f) => void faults.add(f),
        chaos: (o) => faults.setChaos(o),
        outage: (ms) => faults.outage(ms),
        chaosCounts: () => ({ ...faults.chaosCounts }),
        clearFaults: () => faults.clear(),
        runDaemons: () => {
            if (store.runDaemons())
                store.save();
        },
        waitForJob: (id, until, timeoutMs = 30000) => waitForJob(store, id, until, timeoutMs),
        pilotArgs: (queue, label = 'managed') => [
            '--url', url, '-p', String(port), '-q', queue, '-j', label,
            '--queuedata-url', `${url}/cache/schedconfig/{pandaqueue}.all.json`,
            '--storagedata-url', `${url}/cache/ddmendpoints.json`,
            '-g', `${url}/trf`,
        ],
        close: () => new Promise((resolve) => {
            clearInterval(timer);
            server.close(() => {
                store.close();
                resolve();
            });
            server.closeAllConnections();
        }),
    };
}
//# sourceMappingURL=index.js.map