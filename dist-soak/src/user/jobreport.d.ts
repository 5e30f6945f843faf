/** One output file as the report lists it (Pilot 3's get_outfiles_records). */
export interface ReportedOutput {
    guid: string | null;
    size: number | null;
    /** Only when the report gives an integer. */
    nentries?: number;
}
/** Pilot 3's parse_jobreport_data result ("work attributes"), in its key names. */
export interface JobReportData {
    nEvents: number;
    cpuConsumptionTime?: number;
    node?: string;
    cpuConsumptionUnit?: string;
    transExitCode?: number;
    exeErrorDiag?: string;
    inputfiles: unknown[];
    nInputFiles?: number;
    outputfiles: Record<string, ReportedOutput>;
    /** dbTime / dbData totals ("" when absent), used by jobMetrics. */
    dbTime: number | string;
    dbData: number | string;
    /** Executor memory keys (maxPSS, avgRSS, totRBYTES, ...) summed over steps. */
    memory: Record<string, number>;
    /** First resource.executor.<step>.resimevents found (null when none). */
    resimevents: number | null;
}
/** What the work dir's jobReport.json holds. */
export interface JobReport {
    /** The file exists. */
    exists: boolean;
    /** Raw text (what the generic user sends as metaData); "" when absent. */
    raw: string;
    /** Parsed JSON object (undefined when absent or malformed). */
    report?: Record<string, unknown>;
    /** Parse error text when the file is not a JSON object. */
    malformed?: string;
    /** exitCode (missing → 0, as Pilot 3). */
    exitCode: number;
    /** exitMsg (missing → ""). */
    exitMsg: string;
    /** Top-level exeErrorCode / exeErrorDiag if given. */
    exeErrorCode?: number;
    exeErrorDiag?: string;
    /** The parsed attributes (empty defaults when there is no report). */
    data: JobReportData;
}
/** Follow a "/"-separated path in nested objects (Pilot 3's DictQuery). */
export declare function dig(obj: unknown, path: string): unknown;
/** Pilot 3's parse_jobreport_data on an already parsed report. */
export declare function parseJobReportData(report: Record<string, unknown> | undefined): JobReportData;
/** Read and parse `<workdir>/jobReport.json` (never throws). */
export declare function readJobReport(workdir: string, name?: string): Promise<JobReport>;
