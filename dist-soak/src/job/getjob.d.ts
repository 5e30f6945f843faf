/** What the request builder needs from the command line, queue and environment. */
export interface GetJobInputs {
    queue: string;
    siteName: string;
    jobLabel: string;
    versionTag: string;
    queueStatus?: string;
    maxwdirMB?: number;
    workingGroup: string;
    allowOtherCountry: boolean;
    jobType?: string;
    countryGroup?: string;
    resourceType?: string;
    node: string;
    workdir: string;
    env: NodeJS.ProcessEnv;
}
/** The prodSourceLabel Pilot 3 sends for a job label and version tag. */
export declare function adjustedJobLabel(label: string, versionTag: string, queueStatus?: string): string;
/** The getJob request body, with the fields Pilot 3 sends and in its types. */
export declare function getJobRequest(i: GetJobInputs): Promise<Record<string, string | number | boolean>>;
export type GetJobAnswer = {
    kind: 'job';
    description: Record<string, unknown>;
} | {
    kind: 'nojob';
    statusCode: number | undefined;
    reason: string;
};
/** Classify a decoded getJob answer. */
export declare function readGetJobAnswer(answer: Record<string, unknown>): GetJobAnswer;
/**
 * A job definition placed beside the pilot (pandaJobData.out: URL-query encoded or JSON), read
 * and deleted as Pilot 3 does; undefined when there is none.
 */
export declare function takeLocalJobDefinition(candidates: string[]): Record<string, unknown> | undefined;
/** Where Pilot 3 looks for pandaJobData.out, in order. */
export declare function localJobDefinitionCandidates(sourcedir: string, harvesterDatadir: string, env: NodeJS.ProcessEnv, name?: string): string[];
