/**
 * writeToFile (ES merge and tmpin jobs): `inputFor_x:lfn1,lfn2^inputFor_y:lfn3` becomes one text
 * file per name in the work directory (`<name>.txt`: the job option, then the LFNs), and the job
 * parameters are rewritten to point at those files (Pilot 3's JobData.process_writetofile).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors } from '../common/errors.js';
import { log } from '../common/log.js';
import { unsafePathReason } from './safety.js';
const logger = log('info');
/** Write the lists and return the updated job parameters. */
export function writeToFileLists(job) {
    let jobparams = job.jobparams;
    if (!job.writetofile)
        return jobparams;
    const lists = {};
    for (const info of job.writetofile.split('^')) {
        const parts = info.split(':');
        if (parts.length === 2)
            lists[parts[0]] = parts[1].split(',');
        else
            logger.error({ info }, "writeToFile entry lacks the ':' separator");
    }
    if (!job.workdir)
        throw errors.INTERNALPILOTPROBLEM('process_writetofile() needs the job work directory');
    for (const [name, files] of Object.entries(lists)) {
        const bad = unsafePathReason(name, 'writeToFile name', false);
        if (bad)
            throw errors.CONVERSIONFAILURE(bad);
        const newName = `${name}.txt`;
        const option = job.get_job_option_for_input_name(name);
        if (!option)
            logger.error({ name }, 'unknown job option format for writeToFile input (expected e.g. --inputHitsFile=@name)');
        writeFileSync(join(job.workdir, newName), (option ? `${option}\n` : '') + files.map((f) => `${f}\n`).join(''), 'utf8');
        jobparams = jobparams.replaceAll(name, newName);
        if (option)
            jobparams = jobparams.replaceAll(`${option}=`, '');
        jobparams = jobparams.replaceAll('--autoConfiguration=everything', '');
    }
    return jobparams;
}
//# sourceMappingURL=writetofile.js.map