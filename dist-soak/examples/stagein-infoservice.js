/**
 * Example: stage-in with InfoSys initialisation (the seed's second Data API snippet): the queue's
 * description (copytools, LAN storages) comes from the information system.
 *
 *   PANDA_QUEUE=ANALY_CERN node dist/examples/stagein-infoservice.js
 *
 * Env: PANDA_QUEUE (default ANALY_CERN); QUEUEDATA_SERVER_URL / STORAGEDATA_SERVER_URL to use
 * another information service than CRIC (e.g. the panda-emulator's /cache/schedconfig/{pandaqueue}.all.json
 * and /cache/ddmendpoints.json); PILOT_HOME for the cache files; RUCIO_HOST and credentials for
 * replica lookup; STAGEIN_SCOPE, STAGEIN_LFN, STAGEIN_WORKDIR, STAGEIN_ACTIVITY (optional).
 * Prints the files' final status as JSON on stdout.
 */
import { data } from 'panda-pilot/api';
import { FileSpec, InfoService, infosys } from 'panda-pilot/info';
const infoservice = new InfoService();
await infoservice.init(process.env.PANDA_QUEUE ?? 'ANALY_CERN', infosys.confinfo, infosys.extinfo);
const client = new data.StageInClient(infoservice);
const files = [
    {
        scope: process.env.STAGEIN_SCOPE ?? 'mc16_13TeV',
        lfn: process.env.STAGEIN_LFN ?? 'EVNT.11320990._003958.pool.root.1',
        workdir: process.env.STAGEIN_WORKDIR ?? '.',
    },
];
const xfiles = files.map((f) => new FileSpec({ type: 'input', ...f }));
const r = await client.transfer(xfiles, { activity: process.env.STAGEIN_ACTIVITY || undefined });
console.log(JSON.stringify(r.map((f) => ({ lfn: f.lfn, status: f.status, status_code: f.status_code, ddmendpoint: f.ddmendpoint, turl: f.turl, filesize: f.filesize }))));
//# sourceMappingURL=stagein-infoservice.js.map