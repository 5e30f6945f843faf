/**
 * Services API (the seed's Benchmark, Memory Monitoring and Analysis APIs).
 */
export { Services } from '../services/services.js';
export { runBenchmark, machineFacts, db12Run, db12State, DB12_CALIBRATION, DB12_DRAWS_PER_ITERATION, type BenchmarkOptions, type BenchmarkResult, type CopyScore, type Db12State, type MachineFacts, } from '../services/benchmark.js';
export { MemoryMonitoring, analyzeLeakFile, analyzeLeakTable, monitorProcess, type LeakAnalysis, type LeakAnalysisOptions, type MemoryMonitoringOptions, type MonitorProcessOptions, type MonitorProcessResult, } from '../services/memorymonitoring.js';
export type { PrmonSummary } from '../monitor/prmon-format.js';
export * from './analytics.js';
