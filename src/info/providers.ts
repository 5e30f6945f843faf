/**
 * The two override providers of the InfoService: the pilot configuration (Pilot 3's
 * PilotConfigProvider, pilot/info/configinfo.py) and the job definition (JobInfoProvider,
 * pilot/info/jobinfo.py). Priority is config > job > external sources.
 */
import { log } from '../common/log.js';
import type { RawRecord } from './clean.js';
import type { InfoConfig } from './extinfo.js';
import { parsePythonLiteral } from '../common/pyparse.js';
import { dictUpdateOf, pyStr } from './pybase.js';

const logger = log('info');

/** Anything that can contribute queue/storage data or source priorities. */
export interface InfoProvider {
  resolve_queuedata?(pandaqueue: string, opts?: { schedconfPriority?: string[] | null }): Promise<RawRecord> | RawRecord;
  resolve_storage_data?(ddmendpoints: string[]): Promise<RawRecord> | RawRecord;
  resolve_schedconf_sources?(): string[] | null;
}

/**
 * Overrides from the pilot configuration: only `[Information] acopytools` (a Python-literal
 * dict), as in Pilot 3. Quirk 2: Pilot 3 also sends `maxwdir_broken` and `es_stageout_gap: 601`,
 * which no QueueData field reads; we leave them out.
 */
export class PilotConfigProvider implements InfoProvider {
  constructor(readonly config: InfoConfig | null = null) {}

  resolve_schedconf_sources(): string[] | null {
    return null;
  }

  resolve_queuedata(pandaqueue: string): RawRecord {
    const data: RawRecord = {};
    let text = '';
    try {
      text = this.config?.get('Information', 'acopytools', '') ?? '';
    } catch {
      text = '';
    }
    if (text.trim()) {
      try {
        data.acopytools = parsePythonLiteral(text);
      } catch (e) {
        logger.warn({ err: (e as Error).message }, 'config [Information] acopytools is not a valid dict: ignored');
      }
    }
    return { [pandaqueue]: data };
  }
}

/** The job fields the job provider reads. */
export interface JobOverrides {
  platform?: string;
  /** Pilot 3 keeps whatever the literal was: a dict, or a value `dict.update` may reject. */
  overwrite_queuedata?: unknown;
  overwrite_storagedata?: unknown;
}

/** Overrides from a job: its platform (cmtconfig) and --overwriteQueueData/--overwriteStorageData. */
export class JobInfoProvider implements InfoProvider {
  constructor(readonly job: JobOverrides) {}

  resolve_schedconf_sources(): string[] | null {
    return null;
  }

  resolve_queuedata(pandaqueue: string): RawRecord {
    const data: RawRecord = {};
    if (this.job.platform) data.cmtconfig = this.job.platform;
    // data.update(job.overwrite_queuedata): a value that is no mapping makes this provider fail (skipped by the InfoService)
    const over = dictUpdateOf(this.job.overwrite_queuedata ?? {});
    if (!over) throw new TypeError(`overwriteQueueData is not a dict: ${pyStr(this.job.overwrite_queuedata)}`);
    Object.assign(data, over);
    return { [pandaqueue]: data };
  }

  resolve_storage_data(ddmendpoints: string[] = []): RawRecord {
    const given = this.job.overwrite_storagedata;
    if (given !== null && given !== undefined && given !== '' && typeof given !== 'object') throw new TypeError(`overwriteStorageData is not a dict: ${pyStr(given)}`);
    const master = (given && !Array.isArray(given) ? given : {}) as RawRecord;
    const wanted = ddmendpoints.length ? new Set(ddmendpoints) : new Set(Object.keys(master));
    return Object.fromEntries(Object.entries(master).filter(([k]) => wanted.has(k)));
  }
}
