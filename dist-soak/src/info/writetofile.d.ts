/** The job fields this needs. */
export interface WriteToFileJob {
    writetofile: string;
    workdir: string;
    jobparams: string;
    get_job_option_for_input_name(name: string): string | null;
}
/** Write the lists and return the updated job parameters. */
export declare function writeToFileLists(job: WriteToFileJob): string;
