/**
 * Example: linear fit (the seed's Analysis API snippet).
 *
 *   node dist/examples/linear-fit.js
 *
 * Prints the slope, intersect and chi2 as JSON on stdout.
 */
import { analytics } from 'panda-pilot/api';
const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const y = [0.5, 1.1, 2.2, 3.6, 4.0, 5.0, 6.1, 7.7, 8.9, 9.1];
const client = new analytics.Analytics();
const fit = client.fit(x, y);
const slope = fit.slope();
const intersect = fit.intersect();
console.log(JSON.stringify({ slope, intersect, chi2: fit.chi2() }));
//# sourceMappingURL=linear-fit.js.map