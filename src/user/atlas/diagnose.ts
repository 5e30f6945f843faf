/**
 * ATLAS's reading of the job report (Pilot 3's pilot/user/atlas/diagnose.py process_job_report):
 * a SIGSEGV in exitMsg, exitMsg → exeErrorDiag, a malformed report, a missing report for
 * production jobs.
 */
import { errors } from '../../common/errors.js';
import type { JobReport } from '../jobreport.js';
import type { JobReportOutcome, PluginJob } from '../plugin.js';

/** diagnose.process_job_report, in short. */
export function interpretAtlasReport(job: PluginJob, report: JobReport): JobReportOutcome {
  if (report.malformed) return { error: errors.INTERNALPILOTPROBLEM(report.malformed) };
  if (!report.exists) {
    const production = !/^https?:\/\//.test(job.transformation);
    if (production && !job.transformation.endsWith('Archive_tf.py')) return { error: errors.NOPAYLOADMETADATA('neither jobReport.json nor metadata.xml was produced') };
    return {};
  }
  const out: JobReportOutcome = { nEvents: report.data.nEvents };
  if (report.exitMsg.includes('got a SIGSEGV signal')) {
    out.error = errors.PAYLOADSIGSEGV(`Invalid memory reference or a segmentation fault in payload: ${report.exitMsg} (job report)`);
  } else if (report.exitMsg && report.exitMsg !== 'OK') {
    out.exeErrorCode = report.exitCode;
    out.exeErrorDiag = report.exitMsg;
  }
  return out;
}
