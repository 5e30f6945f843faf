/** An event-service site: the emulator's queue with an S3 object store (s3rver) for ES outputs. */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { createScenario, type Scenario } from '../../src/demo/scenario.js';
import { freePort } from '../support/xrootd.js';

/** The compiled reference payload. */
export const REF_PAYLOAD = fileURLToPath(new URL('../../src/eventservice/refpayload.js', import.meta.url));
/** The trf the emulator serves: our reference payload. */
export const ES_TRF = `#!/bin/bash\nexec "${process.execPath}" "${REF_PAYLOAD}" "$@"\n`;
export const S3_ENV = { S3_IS_SECURE: 'False', S3_ACCESS_KEY: 'S3RVER', S3_SECRET_KEY: 'S3RVER' };
export const FAST = { heartbeat: 1, debug_heartbeat: 0.5, update_sleep: 0.3, getjob_nojob_sleep_min: 0.1, getjob_nojob_sleep_max: 0.2 };
export const OS_ID = 42;

export interface EsSite {
  scn: Scenario;
  s3: S3rver;
  s3dir: string;
  s3url: string;
  /** Objects stored in the ES bucket (keys). */
  objects(): string[];
  close(): Promise<void>;
}

/** ES job definition: `n` ranges of 10 events over `cores` cores, payload options in jobPars. */
export function esJob(n: number, opts: { cores?: number; jobPars?: string; taskID?: number; merge?: boolean } = {}): Record<string, unknown> {
  return {
    prodSourceLabel: 'ptest',
    transformation: 'esrun.sh',
    jobPars: opts.jobPars ?? '',
    coreCount: opts.cores ?? 1,
    taskID: opts.taskID ?? 77,
    jobsetID: 5,
    outFiles: [{ lfn: 'merged.out' }],
    eventRanges: Array.from({ length: n }, (_, i) => ({ startEvent: i * 10 + 1, lastEvent: i * 10 + 10, LFN: 'EVNT.pool.root' })),
    ...(opts.merge === false ? {} : { esMerge: { transformation: 'esrun.sh', jobPars: '--merge --inputFile=@inputFor_merge --outputFile=merged.out' } }),
  };
}

/** Start s3rver and the emulator with an OS_ES endpoint on it (`trfs`: more transforms to serve). */
export async function createEsSite(jobs: Record<string, unknown>[], config: Record<string, string | number> = {}, queue: Record<string, unknown> = {}, osEndpoint?: Record<string, unknown>, trfs: Record<string, string> = {}): Promise<EsSite> {
  const s3dir = mkdtempSync(join(tmpdir(), 'es-s3-'));
  const port = await freePort();
  const s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: 'es' }] });
  await s3.run();
  const s3url = `s3://127.0.0.1:${port}`;
  const proto = { endpoint: s3url, path: '/es', id: OS_ID, flavour: 'S3' };
  const ddm = 'DEMO_LOCAL';
  const scn = await createScenario({
    jobs,
    trfs: { 'esrun.sh': ES_TRF, ...trfs },
    config: { ...FAST, ...config },
    queueOverrides: {
      astorages: { pr: [ddm], pw: [ddm], pl: [ddm], read_lan: [ddm], write_lan: [ddm], es_events: ['OS_ES'] },
      ...queue,
    },
    emulator: {
      storages: { OS_ES: osEndpoint ?? { name: 'OS_ES', id: OS_ID, type: 'OS_ES', is_deterministic: false, state: 'ACTIVE', arprotocols: { write_lan: [proto], write_wan: [proto], read_lan: [proto], read_wan: [proto] }, rprotocols: { [String(OS_ID)]: proto }, resource: {} } },
    },
  });
  const objects = (): string[] => {
    const root = join(s3dir, 'es');
    const out: string[] = [];
    const walk = (d: string, rel: string) => {
      for (const e of readdirSync(d)) {
        const p = join(d, e);
        if (statSync(p).isDirectory()) walk(p, rel ? `${rel}/${e}` : e);
        else if (e.endsWith('._S3rver_object')) out.push(`${rel}/${e.replace(/\._S3rver_object$/, '')}`.replace(/^\//, ''));
      }
    };
    try {
      walk(root, '');
    } catch {
      /* empty bucket */
    }
    return out;
  };
  return {
    scn,
    s3,
    s3dir,
    s3url,
    objects,
    close: async () => {
      await Promise.all([scn.close(), s3.close()]);
      rmSync(s3dir, { recursive: true, force: true });
    },
  };
}
