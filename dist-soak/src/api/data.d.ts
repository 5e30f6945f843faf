/**
 * Data API (the seed's `pilot.api.data`): StageInClient / StageOutClient and the data helpers
 * of src/data, plus the types their signatures mention.
 *
 * ```ts
 * import { data } from 'panda-pilot/api';
 * import { FileSpec } from 'panda-pilot/info';
 * const r = await new data.StageInClient().transfer([new FileSpec({ type: 'input', scope, lfn, workdir, ddmendpoint })]);
 * ```
 */
export * from '../data/index.js';
export type { TraceSink, ProgressFn } from '../copytool/index.js';
export type { TraceFields } from '../data/trace.js';
