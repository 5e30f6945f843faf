/**
 * The getJob request (dispatcher fields, server-protocol.md §5.1) and how its answer is read
 * (§5.3): a job, "no job" (a StatusCode other than 0, or an empty answer), or a fatal failure.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freeSpaceMB, totalMemoryMB, cpuInfo } from './workernode.js';

/** What the request builder needs from the command line, queue and environment. */
export interface GetJobInputs {
  queue: string;
  siteName: string;
  jobLabel: string;
  versionTag: string;
  queueStatus?: string;
  maxwdirMB?: number;
  workingGroup: string;
  allowOtherCountry: boolean;
  jobType?: string;
  countryGroup?: string;
  resourceType?: string;
  node: string;
  workdir: string;
  env: NodeJS.ProcessEnv;
  /** Task id of the previous job (sent as taskID when non-empty, as Pilot 3 with --allow-same-user). */
  taskId?: string;
}

/** The prodSourceLabel Pilot 3 sends for a job label and version tag. */
export function adjustedJobLabel(label: string, versionTag: string, queueStatus?: string): string {
  if (versionTag === 'RC' && label === 'rc_test2') return 'rc_test2';
  if (versionTag === 'RC' && label === 'ptest') return 'ptest';
  if (versionTag === 'RCM' && label === 'ptest') return 'rcm_test2';
  if (versionTag === 'ALRB') return 'rc_alrb';
  if (queueStatus === 'test' && label !== 'ptest') return 'test';
  return label;
}

/** The getJob request body, with the fields Pilot 3 sends and in its types. */
export async function getJobRequest(i: GetJobInputs): Promise<Record<string, string | number | boolean>> {
  let disk = Math.trunc(await freeSpaceMB(i.workdir));
  if (i.maxwdirMB && i.maxwdirMB > 0) disk = Math.min(disk, Math.trunc(i.maxwdirMB));
  const body: Record<string, string | number | boolean> = {
    siteName: i.siteName,
    computingElement: i.queue,
    prodSourceLabel: adjustedJobLabel(i.jobLabel, i.versionTag, i.queueStatus),
    diskSpace: disk,
    workingGroup: i.workingGroup,
    cpu: cpuInfo().mhz,
    mem: totalMemoryMB(),
    node: i.node,
    allowOtherCountry: i.allowOtherCountry,
  };
  if (i.taskId) body.taskID = i.taskId;
  if (i.jobType) body.jobType = i.jobType;
  if (i.countryGroup) body.countryGroup = i.countryGroup;
  if (i.resourceType) body.resourceType = i.resourceType;
  if (i.env.HARVESTER_ID) body.harvester_id = i.env.HARVESTER_ID;
  if (i.env.HARVESTER_WORKER_ID) body.worker_id = i.env.HARVESTER_WORKER_ID;
  return body;
}

export type GetJobAnswer =
  | { kind: 'job'; description: Record<string, unknown> }
  | { kind: 'nojob'; statusCode: number | undefined; reason: string };

/** Classify a decoded getJob answer. */
export function readGetJobAnswer(answer: Record<string, unknown>): GetJobAnswer {
  if (!answer || Object.keys(answer).length === 0) return { kind: 'nojob', statusCode: undefined, reason: 'empty answer' };
  const code = Number(answer.StatusCode);
  if (answer.StatusCode !== undefined && code === 0) return { kind: 'job', description: answer };
  const dialog = typeof answer.errorDialog === 'string' && answer.errorDialog ? ` (${answer.errorDialog})` : '';
  return { kind: 'nojob', statusCode: Number.isFinite(code) ? code : undefined, reason: `StatusCode ${String(answer.StatusCode)}${dialog}` };
}

/**
 * A job definition placed beside the pilot (pandaJobData.out: URL-query encoded or JSON), read
 * and deleted as Pilot 3 does; undefined when there is none.
 */
export function takeLocalJobDefinition(candidates: string[]): Record<string, unknown> | undefined {
  for (const file of candidates) {
    if (!file || !existsSync(file)) continue;
    const text = readFileSync(file, 'utf8').trim();
    rmSync(file, { force: true });
    if (!text) return undefined;
    if (text.startsWith('{') || text.startsWith('[')) {
      const parsed = JSON.parse(text) as unknown;
      return (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown>;
    }
    return Object.fromEntries(new URLSearchParams(text));
  }
  return undefined;
}

/** Where Pilot 3 looks for pandaJobData.out, in order. */
export function localJobDefinitionCandidates(sourcedir: string, harvesterDatadir: string, env: NodeJS.ProcessEnv, name = 'pandaJobData.out'): string[] {
  if (harvesterDatadir) return [path.join(harvesterDatadir, name)];
  const list = [path.join(sourcedir, '..', name), path.join(sourcedir, name)];
  if (env.PILOT_WORK_DIR) list.push(path.join(env.PILOT_WORK_DIR, name));
  return list;
}
