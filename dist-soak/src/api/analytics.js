/**
 * Analytics API (the seed's `pilot.api.analytics`): linear fits and the memory-leak estimate.
 *
 * ```ts
 * import { analytics } from 'panda-pilot/api';
 * const fit = new analytics.Analytics().fit(x, y);
 * fit.slope(); fit.intersect(); fit.chi2();
 * ```
 */
export { Analytics, AnalyticsError, Fit, chi2, extractFromTable, floatToRoundedString, mean, parseTable, readTable, sumDev, sumSquareDev, } from '../services/analytics.js';
//# sourceMappingURL=analytics.js.map