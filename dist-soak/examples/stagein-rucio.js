/**
 * Example: stage-in without InfoSys initialisation (the seed's first Data API snippet).
 * Replicas come from Rucio; the default copytool (rucio) moves the bytes with the tool that
 * matches the replica (xrdcp for root://, https for davs://, a copy for file://).
 *
 *   RUCIO_HOST=https://rucio.example RUCIO_AUTH_TOKEN=... node dist/examples/stagein-rucio.js
 *
 * Env: RUCIO_HOST (+ RUCIO_AUTH_TOKEN or RUCIO_ACCOUNT/RUCIO_USERNAME/RUCIO_PASSWORD), and
 * STAGEIN_SCOPE, STAGEIN_LFN, STAGEIN_DDMENDPOINT, STAGEIN_WORKDIR (defaults: the seed's file, '.').
 * Prints the files' final status as JSON on stdout.
 */
import { data } from 'panda-pilot/api';
import { FileSpec } from 'panda-pilot/info';
const client = new data.StageInClient();
const files = [
    {
        scope: process.env.STAGEIN_SCOPE ?? 'mc16_13TeV',
        lfn: process.env.STAGEIN_LFN ?? 'EVNT.11320990._003958.pool.root.1',
        workdir: process.env.STAGEIN_WORKDIR ?? '.',
        ddmendpoint: process.env.STAGEIN_DDMENDPOINT ?? 'RRC-KI-T1_DATADISK',
    },
];
const xfiles = files.map((f) => new FileSpec({ type: 'input', ...f }));
const r = await client.transfer(xfiles);
console.log(JSON.stringify(r.map((f) => ({ lfn: f.lfn, status: f.status, status_code: f.status_code, turl: f.turl, filesize: f.filesize, checksum: f.checksum }))));
//# sourceMappingURL=stagein-rucio.js.map