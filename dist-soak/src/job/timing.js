/**
 * Timing stamps of a pilot and its jobs, kept as Pilot 3 keeps them: `{ key: { PILOT_*: epoch } }`
 * with pseudo keys "0" (pilot level) and "1" (multi-job level), and written to pilot_timing.json.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { now } from '../common/timing.js';
/** All timing stamps of one pilot process. */
export class PilotTiming {
    stamps = {};
    /** Record `key` for `id` (a PanDA id, or "0"/"1") at `t` (default: now). */
    add(id, key, t = now()) {
        (this.stamps[id] ??= {})[key] = t;
        return t;
    }
    /** A stamp, falling back to the pilot-level keys as Pilot 3 does. */
    get(id, key) {
        return this.stamps[id]?.[key] ?? (key === 'PILOT_START_TIME' ? this.stamps['0']?.[key] : this.stamps['1']?.[key]);
    }
    /** |b - a| truncated to whole seconds; 0 when either stamp is missing. */
    diff(id, a, b) {
        const ta = this.get(id, a);
        const tb = this.get(id, b);
        return ta === undefined || tb === undefined ? 0 : Math.trunc(Math.abs(tb - ta));
    }
    /**
     * The pilotTiming string of a final update: getjob|stagein|payload|stageout|initial_setup|setup.
     */
    pilotTiming(id) {
        const remoteIo = this.diff(id, 'PILOT_PRE_REMOTEIO', 'PILOT_POST_REMOTEIO');
        const parts = [
            this.diff(id, 'PILOT_PRE_GETJOB', 'PILOT_POST_GETJOB'),
            this.diff(id, 'PILOT_PRE_STAGEIN', 'PILOT_POST_STAGEIN') + remoteIo,
            this.diff(id, 'PILOT_PRE_PAYLOAD', 'PILOT_POST_PAYLOAD'),
            this.diff(id, 'PILOT_PRE_STAGEOUT', 'PILOT_POST_STAGEOUT'),
            this.diff(id, 'PILOT_MULTIJOB_START_TIME', 'PILOT_PRE_GETJOB'),
            Math.max(0, this.diff(id, 'PILOT_PRE_SETUP', 'PILOT_POST_SETUP') - remoteIo),
        ];
        return parts.join('|');
    }
    /** Write all stamps to `file` (pilot_timing.json), atomically. */
    write(file) {
        writeFileSync(`${file}.tmp`, JSON.stringify(this.stamps));
        renameSync(`${file}.tmp`, file);
    }
    toJSON() {
        return this.stamps;
    }
}
//# sourceMappingURL=timing.js.map