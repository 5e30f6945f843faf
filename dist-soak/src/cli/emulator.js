/**
 * `panda-emulator`: run the PanDA server emulator, or send it admin commands.
 *
 *   panda-emulator [--port N] [--host H] [--state FILE] [--jobs FILE ...] [--queues FILE] [--trf-dir DIR]
 *   panda-emulator kill PANDAID (--url URL | --state FILE)
 *   panda-emulator debug PANDAID [--off] (--url URL | --state FILE)
 *   panda-emulator command PANDAID COMMAND (--url URL | --state FILE)
 *   panda-emulator jobs --url URL
 *
 * The server prints its URL as the first line of stdout, then runs until SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import argparse from 'argparse';
import { applyCommand, startPandaEmulator } from '../emulator/index.js';
import { EmulatorStore } from '../emulator/store.js';
const { ArgumentParser } = argparse;
const ADMIN_COMMANDS = ['kill', 'debug', 'command', 'jobs'];
function readJson(file, what) {
    try {
        return JSON.parse(readFileSync(file, 'utf8'));
    }
    catch (e) {
        throw new Error(`cannot read ${what} file ${file}: ${e.message}`);
    }
}
/** Job definitions from a file: an array, `{jobs: [...]}`, or a single definition. */
function loadJobFile(file) {
    const data = readJson(file, 'jobs');
    if (Array.isArray(data))
        return data;
    if (data && typeof data === 'object' && Array.isArray(data.jobs))
        return data.jobs;
    return [data];
}
function serveParser() {
    const p = new ArgumentParser({ prog: 'panda-emulator', description: 'PanDA server emulator (legacy dispatcher protocol) for local pilots and tests.',
        epilog: 'Admin commands: panda-emulator kill|debug|command|jobs ... (e.g. panda-emulator kill -h).',
        color: false,
    });
    p.add_argument('--host', { default: '127.0.0.1', help: 'interface to listen on (default 127.0.0.1)' });
    p.add_argument('--port', { type: 'int', default: 0, help: 'port (default 0: a free port)' });
    p.add_argument('--state', { help: 'JSON state file (created, reloaded on restart)' });
    p.add_argument('--jobs', { nargs: '+', action: 'extend', default: [], help: 'job definition files (JSON)' });
    p.add_argument('--queues', { help: 'queue definitions (JSON object: name -> schedconfig fields); default one queue DEMO' });
    p.add_argument('--trf-dir', { dest: 'trf_dir', help: 'directory served as /trf/<name>' });
    p.add_argument('--storage-dir', { dest: 'storage_dir', help: 'root of the POSIX storage endpoints (<dir>/<RSE>)' });
    p.add_argument('--heartbeat-timeout', { dest: 'heartbeat_timeout', type: 'float', help: 'lost-heartbeat timeout in seconds (default 7200)' });
    p.add_argument('--sent-timeout', { dest: 'sent_timeout', type: 'float', help: 'timeout of sent jobs in seconds (default 1800)' });
    p.add_argument('--adder-delay', { dest: 'adder_delay', type: 'float', help: 'seconds between a final update and finished/failed (default 0)' });
    return p;
}
function adminParser() {
    const p = new ArgumentParser({ prog: 'panda-emulator', description: 'Admin commands for a PanDA server emulator.', color: false });
    const sub = p.add_subparsers({ dest: 'cmd', required: true });
    const target = (q) => {
        const g = q.add_mutually_exclusive_group({ required: true });
        g.add_argument('--url', { help: 'emulator base URL (http://127.0.0.1:PORT)' });
        g.add_argument('--state', { help: 'state file of a stopped emulator' });
    };
    const kill = sub.add_parser('kill', { help: 'send tobekilled to a job (cancel it when not dispatched)' });
    kill.add_argument('pandaid', { type: 'int' });
    target(kill);
    const debug = sub.add_parser('debug', { help: 'switch debug mode on (or off with --off)' });
    debug.add_argument('pandaid', { type: 'int' });
    debug.add_argument('--off', { action: 'store_true' });
    target(debug);
    const cmd = sub.add_parser('command', { help: 'store any command for the pilot (e.g. "tail -n 20 payload.stdout")' });
    cmd.add_argument('pandaid', { type: 'int' });
    cmd.add_argument('command');
    target(cmd);
    const jobs = sub.add_parser('jobs', { help: 'print the job records (JSON)' });
    jobs.add_argument('--url', { required: true });
    return p;
}
async function runAdmin(argv) {
    const a = adminParser().parse_args(argv);
    if (a.cmd === 'jobs') {
        const res = await fetch(new URL('/admin/jobs', a.url));
        process.stdout.write(JSON.stringify(await res.json(), null, 1) + '\n');
        return res.ok ? 0 : 1;
    }
    const command = a.cmd === 'kill' ? 'tobekilled' : a.cmd === 'debug' ? (a.off ? 'debugoff' : 'debug') : String(a.command);
    let result;
    if (a.url) {
        const res = await fetch(new URL('/admin/command', a.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ pandaID: a.pandaid, command }) });
        result = (await res.json());
    }
    else {
        const store = new EmulatorStore({}, Date.now, { heartbeatTimeoutS: 7200, sentTimeoutS: 1800, holdingTimeoutS: 172800, adderDelayS: 0, archiveDelayS: 0 }, a.state);
        if (!store.restored)
            throw new Error(`state file ${a.state} not found`);
        result = applyCommand(store, Number(a.pandaid), command);
        store.close();
    }
    (result.ok ? process.stdout : process.stderr).write(result.message + '\n');
    return result.ok ? 0 : 1;
}
async function runServer(argv) {
    const a = serveParser().parse_args(argv);
    const queues = a.queues ? readJson(a.queues, 'queues') : { DEMO: {} };
    if (!queues || typeof queues !== 'object' || Array.isArray(queues))
        throw new Error(`queues file ${a.queues}: expected an object name -> definition`);
    const jobs = a.jobs.flatMap(loadJobFile);
    const emu = await startPandaEmulator({
        host: a.host,
        port: a.port,
        stateFile: a.state,
        queues,
        jobs,
        trfDir: a.trf_dir,
        storageDir: a.storage_dir,
        heartbeatTimeoutS: a.heartbeat_timeout,
        sentTimeoutS: a.sent_timeout,
        adderDelayS: a.adder_delay,
    });
    process.stdout.write(`${emu.url}\n`);
    process.stderr.write(`panda-emulator: ${emu.jobs().length} jobs, queues ${Object.keys(queues).join(', ')}; status page ${emu.url}/\n`);
    const stop = () => {
        void emu.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
}
/** Entry point (argv without node and script). */
async function main(argv) {
    try {
        if (argv.length > 0 && ADMIN_COMMANDS.includes(argv[0]))
            process.exitCode = await runAdmin(argv);
        else
            await runServer(argv);
    }
    catch (e) {
        process.stderr.write(`panda-emulator: ${e.message}\n`);
        process.exit(2);
    }
}
await main(process.argv.slice(2));
//# sourceMappingURL=emulator.js.map