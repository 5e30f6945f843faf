/**
 * Base of the Services API classes (Pilot 3's pilot/api/services.py): Analytics and
 * MemoryMonitoring derive from it. It carries no behaviour; it marks the family.
 */
export declare class Services {
}
