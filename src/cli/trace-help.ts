/** Help for the Rucio trace options panda-stagein and panda-stageout share (Pilot 3's names). */
export const TRACE_OPTION_HELP: Record<string, string> = {
  localsite: 'local site name for the Rucio trace',
  remotesite: 'remote site name for the Rucio trace',
  produserid: 'user id of the job owner, for the trace',
  jobid: 'PanDA job id, for the trace',
  taskid: 'task id, for the trace',
  jobdefinitionid: 'job definition id, for the trace',
};
