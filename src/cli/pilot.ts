/**
 * `panda-pilot`: Pilot 3's command line, our job cycle. Parses the options (exit 2 on a usage
 * error, as argparse), resolves configuration and services, runs the pilot and exits with
 * Pilot 3's shell exit code.
 */
import { runPilot } from '../job/pilot.js';
import { pilotSetup } from './setup.js';

export { pilotSetup } from './setup.js';

async function main(): Promise<void> {
  if (process.argv[2] === 'selftest') {
    const { selftestMain } = await import('./selftest.js');
    process.exitCode = await selftestMain(process.argv.slice(3));
    return;
  }
  if (process.argv[2] === 'middleware') {
    // stage-in/out in the middleware container or a separate process (src/data/middleware.ts)
    const { middlewareMain } = await import('../data/middleware-tool.js');
    const code = await middlewareMain(process.argv.slice(3));
    process.exitCode = code;
    setTimeout(() => process.exit(code), 200).unref();
    return;
  }
  let setup;
  try {
    setup = await pilotSetup(process.argv.slice(2));
  } catch (e) {
    // A broken configuration (a duplicate key in HARVESTER_PILOT_CONFIG, a bad interpolation) is
    // one clear line, not a stack trace; exit 1 as Pilot 3's interpreter does on its traceback.
    process.stderr.write(`panda-pilot: configuration error: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const result = await runPilot(setup);
  process.exitCode = result.exitCode;
  // Timers of finished jobs are cleared; nothing should keep the loop alive, but don't wait on strays.
  setTimeout(() => process.exit(result.exitCode), 200).unref();
}

// no top-level await: the same file is bundled as CommonJS (scripts/bundle.mjs)
main().catch((e: unknown) => {
  process.stderr.write(`panda-pilot: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
