/**
 * The public library surface of panda-pilot (`import { ... } from 'panda-pilot/api'`), the
 * TypeScript counterpart of Pilot 3's `pilot.api` package:
 *
 * - {@link data}: StageInClient / StageOutClient and the data helpers (the Data API);
 * - {@link analytics}: Analytics and Fit (the Analysis API);
 * - {@link services}: benchmark, memory monitoring and analytics (the Services API);
 * - {@link communicator}: PandaClient and the communication-manager calls (the Communicator API).
 *
 * FileSpec, InfoService and infosys come from `panda-pilot/info`.
 *
 * ```ts
 * import { analytics } from 'panda-pilot/api';
 * const fit = new analytics.Analytics().fit([0, 1, 2], [0.5, 1.1, 2.2]);
 * console.log(fit.slope(), fit.intersect(), fit.chi2());
 * ```
 */
export * as data from './data.js';
export * as analytics from './analytics.js';
export * as services from './services.js';
export * as communicator from './communicator.js';
/** The error every API throws (a pilot error code plus diagnostics), and the code table. */
export { PilotError, ErrorCodes, errors, errorName, errorMessage } from '../common/errors.js';
//# sourceMappingURL=index.js.map