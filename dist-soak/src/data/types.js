/**
 * Shapes the data layer reads from the info system and the job.
 *
 * They are structural on purpose: `FileSpec`, `QueueData` and `StorageData` from src/info satisfy
 * them, and a library user can hand plain objects (the seed's "stage-in without InfoSys" case).
 * Field names are Pilot 3's.
 */
export {};
//# sourceMappingURL=types.js.map