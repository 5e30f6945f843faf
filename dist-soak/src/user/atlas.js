/**
 * ATLAS plugin skeleton: the generic plugin with ATLAS's differences where they matter for a job
 * that does not need CVMFS/asetup: ATLAS's transform hosts, the PandaID export, and the strict
 * job-report rules of pilot/user/atlas/diagnose.py (SIGSEGV, exitMsg → exeErrorDiag, malformed
 * report, missing report for production jobs). The asetup/ALRB command building is not ported.
 */
import { errors } from '../common/errors.js';
import { GenericPlugin } from './generic.js';
/** ATLAS user: overrides base URLs, the command prefix and the job-report interpretation. */
export class AtlasPlugin extends GenericPlugin {
    name = 'atlas';
    defaultTrfBaseUrls = [
        'www.usatlas.bnl.gov',
        'pandaserver.cern.ch',
        'pandaserver-tb.cern.ch',
        'atlpan.web.cern.ch/atlpan',
        'classis01.roma1.infn.it',
        'atlas-install.roma1.infn.it',
    ];
    /** The repositories a job may need, checked at start-up (Pilot 3's atlas cvmfs module). */
    cvmfs = {
        mountPoints: [
            'CVMFS_BASE/atlas.cern.ch/repo/sw',
            'CVMFS_BASE/atlas.cern.ch/repo/ATLASLocalRootBase/logDir/lastUpdate',
            'CVMFS_BASE/atlas-condb.cern.ch/repo/conditions/logDir/lastUpdate',
            'CVMFS_BASE/atlas-nightlies.cern.ch/repo/sw/logs/lastUpdate',
            'CVMFS_BASE/sft.cern.ch/lcg/lastUpdate',
            'CVMFS_BASE/unpacked.cern.ch/logDir/lastUpdate',
            'CVMFS_BASE/sft-nightlies.cern.ch/lcg/lastUpdate',
        ],
        lastUpdateFile: 'CVMFS_BASE/sft.cern.ch/lcg/lastUpdate',
    };
    /** ATLAS prepends `export PandaID=<id>;` (used to find the payload inside containers). */
    runCommand(job, trf, env) {
        return `export PandaID=${String(job.jobid).replace(/[^0-9A-Za-z_-]/g, '')};${super.runCommand(job, trf, env)}`;
    }
    /** diagnose.process_job_report, in short. */
    interpretJobReport(job, report) {
        if (report.malformed)
            return { error: errors.INTERNALPILOTPROBLEM(report.malformed) };
        if (!report.exists) {
            const production = !/^https?:\/\//.test(job.transformation);
            if (production && !job.transformation.endsWith('Archive_tf.py'))
                return { error: errors.NOPAYLOADMETADATA('neither jobReport.json nor metadata.xml was produced') };
            return {};
        }
        const out = { nEvents: report.data.nEvents };
        if (report.exitMsg.includes('got a SIGSEGV signal')) {
            out.error = errors.PAYLOADSIGSEGV(`Invalid memory reference or a segmentation fault in payload: ${report.exitMsg} (job report)`);
        }
        else if (report.exitMsg && report.exitMsg !== 'OK') {
            out.exeErrorCode = report.exitCode;
            out.exeErrorDiag = report.exitMsg;
        }
        return out;
    }
    /** ATLAS takes output GUIDs from the report before generating missing ones. */
    updateJobData(job, report) {
        const outputs = report?.data.outputfiles ?? {};
        for (const f of job.outdata ?? []) {
            const g = outputs[f.lfn]?.guid;
            if (!f.guid && g)
                f.guid = g;
        }
        super.updateJobData(job);
    }
    /** ATLAS re-serialises the parsed report ("" when absent). */
    metaData(report) {
        return report.report ? JSON.stringify(report.report) : '';
    }
}
/** The shared ATLAS plugin instance. */
export const atlas = new AtlasPlugin();
//# sourceMappingURL=atlas.js.map