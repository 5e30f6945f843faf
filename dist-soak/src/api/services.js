/**
 * Services API (the seed's Benchmark, Memory Monitoring and Analysis APIs).
 */
export { Services } from '../services/services.js';
export { runBenchmark, machineFacts, db12Run, db12State, DB12_CALIBRATION, DB12_DRAWS_PER_ITERATION, } from '../services/benchmark.js';
export { MemoryMonitoring, analyzeLeakFile, analyzeLeakTable, monitorProcess, } from '../services/memorymonitoring.js';
export * from './analytics.js';
//# sourceMappingURL=services.js.map