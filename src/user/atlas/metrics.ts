/**
 * What an ATLAS job report adds to jobMetrics (Pilot 3's pilot/user/atlas/jobmetrics.py with
 * common.get_db_info / get_resimevents): dbTime and dbData summed over the executor steps (sent
 * only when non-zero) and the first step's resimevents.
 */

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The report's jobMetrics figures. */
export interface ReportMetrics {
  dbTime?: number;
  dbData?: number;
  resimevents?: number;
}

/** dbTime, dbData and resimevents from `resource.executor.<step>`. */
export function reportMetrics(report: Record<string, unknown>): ReportMetrics {
  const steps = isObj(report.resource) && isObj(report.resource.executor) ? Object.values(report.resource.executor) : [];
  let dbTime = 0;
  let dbData = 0;
  let resim: number | undefined;
  for (const s of steps) {
    if (!isObj(s)) continue;
    if (typeof s.dbTime === 'number') dbTime += s.dbTime;
    if (typeof s.dbData === 'number') dbData += s.dbData;
    if (resim === undefined && 'resimevents' in s) {
      const n = Number.parseInt(String(s.resimevents), 10);
      if (Number.isFinite(n)) resim = n;
    }
  }
  const out: ReportMetrics = {};
  if (dbTime) out.dbTime = dbTime;
  if (dbData) out.dbData = dbData;
  if (resim !== undefined) out.resimevents = resim;
  return out;
}
