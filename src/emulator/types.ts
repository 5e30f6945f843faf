/**
 * Records the emulator keeps: a subset of panda-server's JobSpec/FileSpec columns plus the
 * bookkeeping tests assert on (every update received, state history, heartbeats).
 * Everything is plain JSON so the store can be persisted and reloaded as is.
 */

/** One file row of a job (panda-server FileSpec columns the dispatcher reads). */
export interface FileRecord {
  type: 'input' | 'output' | 'log';
  lfn: string;
  scope: string;
  dataset: string;
  GUID: string;
  fsize: number | string;
  checksum: string;
  dispatchDBlock: string;
  dispatchDBlockToken: string;
  prodDBlock: string;
  prodDBlockToken: string;
  destinationDBlock: string;
  destinationDBlockToken: string;
  destinationSE: string;
  /** The RSE the server would resolve for this file (ddmEndPointIn/Out). */
  ddmEndpoint: string;
  /** Output allowed to be missing (allowNoOutput). */
  allowNoOutput?: boolean;
}

/** One updateJob call as received and answered. */
export interface UpdateRecord {
  /** Server time of reception (ms since the epoch). */
  time: number;
  /** The decoded parameters exactly as received (JSON types for JSON bodies, strings for forms). */
  params: Record<string, unknown>;
  /** 'json' (gzip JSON body) or 'form'. */
  encoding: 'json' | 'form';
  /** The answer dict that was sent back. */
  response: Record<string, unknown>;
  /** Server-side status after processing. */
  jobStatus: string;
}

/** An event range of an event-service job. */
export interface EventRangeRecord {
  eventRangeID: string;
  startEvent: number;
  lastEvent: number;
  LFN: string;
  GUID: string;
  scope: string;
  /**
   * ready, sent, running, finished, failed, fatal; released: moved to the retry job when this one
   * ended; cancelled / discarded: set by a kill of the job or of its jobset (esjobs.ts killEsJob)
   */
  status: string;
  /** Updates received for this range (version, status, extra keys). */
  updates: Record<string, unknown>[];
}

/** The server-side job. Field names follow panda-server's JobSpec where one exists. */
export interface JobRecord {
  PandaID: number;
  /** defined, activated, sent, starting, running, holding, transferring, finished, failed, cancelled */
  jobStatus: string;
  /** In the active table (updates possible); false once archived. */
  active: boolean;
  /** The PanDA queue it was defined for (schedconfig name). */
  queue: string;
  /** The site name getJob matches against (`siteName` = queuedata panda_resource). */
  computingSite: string;
  prodSourceLabel: string;
  attemptNr: number;
  currentPriority: number;
  minRamCount: number;
  maxDiskCount: number;
  maxWalltime: number | null;
  resource_type: string;
  jediTaskID: number;
  prodUserID: string;
  processingType: string;
  /** Comma-separated special-handling tags (dm = debug mode, lc, nc, ...). */
  specialHandling: string;
  /** Highest attempt number JEDI may create when this job fails (retries get new PandaIDs). */
  maxAttempts?: number;
  /** The PandaID this job is a retry of. */
  retryOf?: number;
  /** Pending command for the pilot (tobekilled, a debug command, softkill, ...). */
  commandToPilot: string | null;
  /** Job fields used to build the description (swRelease, transformation, jobPars, ...). */
  spec: Record<string, unknown>;
  files: FileRecord[];
  /** Raw description handed out verbatim instead of one built from `spec` (malformed-input tests). */
  raw?: Record<string, unknown>;
  /** Transformation served from trfDir: the description gets `<url>/trf/<name>`. */
  trfName?: string;
  /** Description fields set last, overriding what appendJob built. */
  fieldOverrides: Record<string, unknown>;
  /** Times in ms since the epoch (server clock). */
  creationTime: number;
  modificationTime: number;
  stateChangeTime: number;
  startTime: number | null;
  endTime: number | null;
  /** Last accepted pilot update (null before the first one). */
  lastHeartbeat: number | null;
  modificationHost: string;
  /** Values stored from pilot updates (pilotErrorCode, pilotErrorDiag, transExitCode, maxRSS, ...). */
  reported: Record<string, unknown>;
  jobDispatcherErrorCode: number;
  jobDispatcherErrorDiag: string;
  /** Set by the task buffer (a kill): why, and for consumers killed with their jobset, 120 and es_killed. */
  taskBufferErrorCode?: number;
  taskBufferErrorDiag?: string;
  jobSubStatus?: string;
  ddmErrorCode: number;
  ddmErrorDiag: string;
  xml: string;
  metaData: string;
  stdout: string;
  pilotLog: string;
  /** The getJob parameters of the request that dispatched the job. */
  dispatchRequest?: Record<string, unknown>;
  /** The state the pilot reported in its final update (finished/failed), for the Adder. */
  finalPilotState?: string;
  updates: UpdateRecord[];
  history: { time: number; status: string }[];
  eventRanges: EventRangeRecord[];
  /** Event service: attempts a range gets before it stays failed (default 3). */
  esMaxRangeAttempts?: number;
  /** Event service: the merge job to create once the jobset's ranges are done. */
  esMerge?: { transformation: string; jobPars: string; listName?: string };
  /** Merge job: the ES jobs whose outputs it merges. */
  esMergeOf?: number[];
}

/** Queue definition: schedconfig (CRIC) fields overriding the demo defaults. */
export type QueueDefinition = Record<string, unknown>;

/** Worker-level reports (updateWorkerPilotStatus, update_worker_node, ...). */
export interface WorkerReport {
  time: number;
  method: string;
  params: Record<string, unknown>;
}
