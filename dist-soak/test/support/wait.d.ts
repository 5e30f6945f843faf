/** Wait until `cond` is true (checked every `everyMs`), or fail after `timeoutMs`. */
export declare function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs?: number, what?: string, everyMs?: number): Promise<void>;
/** Is a process alive (and not a zombie)? */
export declare function alive(pid: number): boolean;
