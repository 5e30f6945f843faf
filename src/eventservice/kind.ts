/** Which executor a job gets (kept apart so a generic job never loads the event service). */

/** The executor kinds Pilot 3 chooses from. */
export type ExecutorKind = 'eventservice' | 'eventservicemerge' | 'generic';

/** Pilot 3's choice (native HPO jobs carry eventService too and take the ES executor). */
export function executorKind(job: { [key: string]: unknown }): ExecutorKind {
  if (job.is_eventservice === true) return 'eventservice';
  if (job.is_eventservicemerge === true) return 'eventservicemerge';
  return 'generic';
}
