/** Test fixtures: the complete job description of server-protocol.md §4.3, a queue and storages. */
/** The JSON job description of server-protocol.md §4.3 (a fresh copy per call). */
export function exampleJob() {
    return {
        StatusCode: 0,
        PandaID: 6543210987,
        prodSourceLabel: 'managed',
        swRelease: 'Atlas-24.0',
        homepackage: 'AtlasOffline/24.0.11',
        transformation: 'Reco_tf.py',
        jobName: 'data23_13p6TeV.00456789.physics_Main.recon.r15000._000042.job',
        jobDefinitionID: 0,
        cloud: 'CERN',
        inFiles: 'RAW.37000001._000042.data,RAW.37000001._000043.data',
        dispatchDblock: 'panda.37000001.disp,panda.37000001.disp',
        dispatchDBlockToken: 'NULL,NULL',
        dispatchDBlockTokenForOut: 'NULL,NULL',
        outFiles: 'AOD.37000099._000042.pool.root.1,log.37000099._000042.job.log.tgz.1',
        destinationDblock: 'data23_13p6TeV.00456789.physics_Main.recon.AOD.r15000_tid37000099_00_sub0123,data23_13p6TeV.00456789.physics_Main.recon.log.r15000_tid37000099_00_sub0124',
        destinationDBlockToken: 'dst:CERN-PROD_DATADISK,dst:CERN-PROD_DATADISK',
        prodDBlocks: 'data23_13p6TeV:data23_13p6TeV.00456789.physics_Main.daq.RAW,data23_13p6TeV:data23_13p6TeV.00456789.physics_Main.daq.RAW',
        prodDBlockToken: 'NULL,NULL',
        realDatasets: 'data23_13p6TeV.00456789.physics_Main.recon.AOD.r15000_tid37000099_00,data23_13p6TeV.00456789.physics_Main.recon.log.r15000_tid37000099_00',
        realDatasetsIn: 'data23_13p6TeV:data23_13p6TeV.00456789.physics_Main.daq.RAW,data23_13p6TeV:data23_13p6TeV.00456789.physics_Main.daq.RAW',
        fileDestinationSE: 'CERN-PROD,CERN-PROD',
        logFile: 'log.37000099._000042.job.log.tgz.1',
        logGUID: '0f8e3b86-6f0e-4a8e-9d8b-2b1a0c4d5e6f',
        jobPars: '--inputBSFile=RAW.37000001._000042.data,RAW.37000001._000043.data --outputAODFile=AOD.37000099._000042.pool.root.1 --maxEvents=-1 --AMIConfig=r15000',
        attemptNr: 1,
        GUID: '7C1E4D2A-3B6F-4E21-9A0D-55C1A2B3C4D5,8D2F5E3B-4C7A-4F32-8B1E-66D2B3C4D5E6',
        checksum: 'ad:1a2b3c4d,ad:5e6f7a8b',
        fsize: '2147483648,2046820352',
        scopeIn: 'data23_13p6TeV,data23_13p6TeV',
        scopeOut: 'data23_13p6TeV',
        scopeLog: 'data23_13p6TeV',
        ddmEndPointIn: 'CERN-PROD_DATADISK,CERN-PROD_DATADISK',
        ddmEndPointOut: 'CERN-PROD_DATADISK,CERN-PROD_DATADISK',
        destinationSE: 'CERN-PROD',
        prodUserID: '/DC=ch/DC=cern/OU=Organic Units/OU=Users/CN=atlpilo1',
        maxCpuCount: 0,
        minRamCount: 16000,
        maxDiskCount: 12000,
        cmtConfig: 'x86_64-el9-gcc13-opt',
        processingType: 'reprocessing',
        transferType: 'NULL',
        sourceSite: 'NULL',
        currentPriority: 900,
        taskID: 37000099,
        coreCount: 8,
        jobsetID: 0,
        reqID: 51234,
        nucleus: 'CERN-PROD',
        maxWalltime: 86400,
        resource_type: 'MCORE',
        ioIntensity: null,
        ioIntensityUnit: null,
        nSent: 0,
    };
}
/** The same job as the URL-encoded answer decodes it: all strings, null → "None", empty values dropped. */
export function exampleJobUrlDecoded() {
    const out = {};
    for (const [k, v] of Object.entries(exampleJob())) {
        const s = v === null ? 'None' : String(v);
        if (s !== '')
            out[k] = s;
    }
    return out;
}
/** A queuedata record (data-api.md §1.8 example) as PanDA serves it for one queue. */
export function exampleQueue(overrides = {}) {
    return {
        nickname: 'CERN-EXAMPLE',
        panda_resource: 'CERN-EXAMPLE',
        atlas_site: 'CERN-PROD',
        type: 'unified',
        state: 'ACTIVE',
        status: 'online',
        resource_type: 'GRID',
        cmtconfig: '',
        corecount: 8,
        maxrss: 16000,
        maxwdir: 32768,
        maxinputsize: 14336,
        maxtime: 172800,
        timefloor: 60,
        pledgedcpu: 0,
        zip_time_gap: 0,
        memkillgrace: 100,
        catchall: 'allow_wan_for_lib',
        container_type: 'apptainer:pilot;container:middleware',
        container_options: '-B /cvmfs,/scratch,/etc/grid-security --contain',
        direct_access_lan: true,
        direct_access_wan: false,
        allow_lan: true,
        allow_wan: false,
        use_pcache: false,
        is_cvmfs: true,
        copytools: { rucio: { setup: '' }, xrdcp: { setup: '' } },
        acopytools: { pr: ['rucio'], pw: ['rucio'], pl: ['rucio'], read_lan: ['rucio', 'xrdcp'], write_lan: ['rucio'] },
        acopytools_schemas: { pr: { xrdcp: ['root'], default: ['root', 'davs', 'https'] } },
        astorages: {
            pr: ['CERN-PROD_DATADISK'],
            pw: ['CERN-PROD_DATADISK', 'CERN-PROD_SCRATCHDISK'],
            read_lan: ['CERN-PROD_DATADISK'],
            write_lan: ['CERN-PROD_DATADISK'],
            pl: ['CERN-PROD_LOGS'],
        },
        params: { allow_altstageout: true, pilot_walltime_grace: 10 },
        ...overrides,
    };
}
/** A ddmendpoints JSON (data-api.md §1.9 example). */
export function exampleStorages() {
    const xrd = { id: 7, endpoint: 'root://eosatlas.cern.ch:1094', path: '//eos/atlas/atlasdatadisk/rucio', flavour: 'XROOTD' };
    const dav = { id: 8, endpoint: 'davs://eosatlas.cern.ch:443', path: '/eos/atlas/atlasdatadisk/rucio', flavour: 'WEBDAV' };
    const s3 = { id: 175, endpoint: 's3://s3.cern.ch:443/', path: '/atlas-logs', flavour: 'AWS-S3-SSL' };
    return {
        'CERN-PROD_DATADISK': {
            name: 'CERN-PROD_DATADISK', id: 1342, site: 'CERN-PROD', type: 'DATADISK', token: 'ATLASDATADISK', is_deterministic: true, state: 'ACTIVE',
            rprotocols: { '7': xrd, '8': dav },
            arprotocols: { read_lan: [xrd], read_wan: [dav], write_lan: [xrd], write_wan: [dav] },
            resource: {},
        },
        'CERN-PROD_LOGS': {
            name: 'CERN-PROD_LOGS', id: 2001, site: 'CERN-PROD', type: 'OS_LOGS', token: '', is_deterministic: false, state: 'ACTIVE',
            rprotocols: { '175': { ...s3, settings: { access_key: 'ak_name', secret_key: 'sk_name', is_secure: true } } },
            arprotocols: { write_lan: [s3] },
            resource: { bucket_id: 5001 },
        },
    };
}
//# sourceMappingURL=fixtures.js.map