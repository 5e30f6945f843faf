/**
 * `s3` copytool (Pilot 3's pilot/copytool/s3.py) with the AWS SDK v3, loaded only when a queue
 * uses it. URLs `s3://host[:port]/bucket/key` (path style); the endpoint speaks https unless
 * `S3_IS_SECURE` is False (the variable Pilot 3's object-store key setup exports). Credentials:
 * `S3_ACCESS_KEY`/`S3_SECRET_KEY` when set, else the SDK's chain (env, `PANDA_PILOT_AWS_PROFILE`).
 *
 * Deviations: checksums are computed while streaming and a download is verified against the
 * catalog; an upload's object URL becomes the file's turl; a deterministic destination is not
 * suffixed with the lfn a second time.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCodes, PilotError, errors } from '../common/errors.js';
import { log } from '../common/log.js';
import type { StorageDataLike, TransferFile } from '../data/types.js';
import { StreamChecksum } from './checksum.js';
import { resolveCommonTransferErrors } from './errormap.js';
import { rucioPath, transferTimeout, redactUrl } from './paths.js';
import { inputDestination, outputSource, transferEach, verifyDownload, verifyUpload } from './perfile.js';
import type { CopyContext, Copytool } from './types.js';

const logger = log('copytool.s3');

/** Pilot 3's URL split: endpoint = scheme://netloc, bucket = first path segment, key = the rest. */
export function splitS3Url(url: string): { endpoint: string; bucket: string; key: string } {
  const m = /^([a-z0-9+.-]+):\/\/([^/]+)(\/.*)?$/i.exec(url);
  if (!m) throw errors.STAGEINFAILED(`not an object store URL: ${redactUrl(url)}`);
  const parts = (m[3] ?? '/').replace(/\/{2,}/g, '/').split('/');
  return { endpoint: `${m[1]}://${m[2]}`, bucket: parts[1] ?? '', key: parts.slice(2).join('/') };
}

type S3Module = typeof import('@aws-sdk/client-s3');
let sdk: Promise<S3Module> | undefined;

async function client(endpoint: string, env: NodeJS.ProcessEnv) {
  const { S3Client } = await (sdk ??= import('@aws-sdk/client-s3'));
  const secure = !/^(false|0|no)$/i.test(env.S3_IS_SECURE ?? 'true');
  const httpEndpoint = endpoint.replace(/^[a-z0-9+.-]+:\/\//i, secure ? 'https://' : 'http://');
  const creds = env.S3_ACCESS_KEY && env.S3_SECRET_KEY ? { accessKeyId: env.S3_ACCESS_KEY, secretAccessKey: env.S3_SECRET_KEY } : undefined;
  if (env.PANDA_PILOT_AWS_PROFILE && !creds) process.env.AWS_PROFILE = env.PANDA_PILOT_AWS_PROFILE;
  // Checksum trailers (aws-chunked uploads) only when the operation needs them: many S3-compatible
  // stores (Ceph RGW, EOS, older MinIO) store the chunk framing otherwise. We hash ourselves.
  return new S3Client({
    endpoint: httpEndpoint,
    forcePathStyle: true,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(creds ? { credentials: creds } : {}),
  });
}

function s3Failure(e: unknown, isStagein: boolean, url: string, timedOut: boolean): PilotError {
  if (e instanceof PilotError) return e;
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (timedOut) return new PilotError(isStagein ? ErrorCodes.STAGEINTIMEOUT : ErrorCodes.STAGEOUTTIMEOUT, `copy command timed out: ${redactUrl(url)}`);
  const text = `S3 error for ${redactUrl(url)}: ${err.name ?? ''} ${err.message ?? String(e)}`;
  if (/credentials/i.test(text) && /(load|locate|missing)/i.test(text)) return errors.MISSINGCREDENTIALS(text);
  if (isStagein && (err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404)) return errors.MISSINGINPUTFILE(`${text} (No such file or directory)`);
  const m = resolveCommonTransferErrors(text, isStagein);
  return new PilotError(m.rcode, m.error);
}

function hashing(sum: StreamChecksum): Transform {
  return new Transform({ highWaterMark: 1 << 20, transform(chunk: Buffer, _e, cb) { sum.update(chunk); cb(null, chunk); } });
}

async function copyIn(files: TransferFile[], ctx: CopyContext): Promise<TransferFile[]> {
  const env = ctx.env ?? process.env;
  return transferEach(files, ctx, true, (f) => {
    // Pilot 3's s3 copy_in reads the object named by the surl
    const { turl: url, dst } = inputDestination({ ...f, turl: f.surl || f.turl }, ctx);
    return {
      url,
      partial: dst,
      run: async () => {
        const timeout = AbortSignal.timeout((ctx.timeoutS ?? transferTimeout(f.filesize)) * 1000);
        const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
        const sum = new StreamChecksum({ md5: !f.checksum?.adler32 && !!f.checksum?.md5 });
        logger.info({ lfn: f.lfn, url: redactUrl(url), dst }, 's3 download');
        try {
          const { endpoint, bucket, key } = splitS3Url(url);
          const { GetObjectCommand } = await (sdk ??= import('@aws-sdk/client-s3'));
          const s3 = await client(endpoint, env);
          const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
          await pipeline(res.Body as Readable, hashing(sum), createWriteStream(dst), { signal });
          s3.destroy();
          verifyDownload(f, sum.bytes, sum.digest());
        } catch (e) {
          if (ctx.signal?.aborted) throw ctx.signal.reason;
          throw s3Failure(e, true, url, timeout.aborted);
        }
      },
    };
  });
}

async function copyOut(files: TransferFile[], ctx: CopyContext): Promise<TransferFile[]> {
  const env = ctx.env ?? process.env;
  return transferEach(files, ctx, false, (f) => {
    const { turl, src } = outputSource(f, ctx);
    const url = turl.endsWith(`/${f.lfn}`) ? turl : `${turl.replace(/\/+$/, '')}/${f.lfn}`;
    return {
      url,
      run: async () => {
        let size: number;
        try {
          size = (await stat(src)).size;
        } catch (e) {
          throw errors.STAGEOUTFAILED(`local output file does not exist: ${src}`, e);
        }
        const timeout = AbortSignal.timeout((ctx.timeoutS ?? transferTimeout(size)) * 1000);
        const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
        const sum = new StreamChecksum({ md5: false });
        logger.info({ lfn: f.lfn, url: redactUrl(url), src }, 's3 upload');
        try {
          const { endpoint, bucket, key } = splitS3Url(url);
          const { PutObjectCommand, HeadObjectCommand } = await (sdk ??= import('@aws-sdk/client-s3'));
          const s3 = await client(endpoint, env);
          const body = createReadStream(src, { highWaterMark: 1 << 20 }).pipe(hashing(sum));
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: size }), { abortSignal: signal });
          const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
          s3.destroy();
          if (head.ContentLength !== size) throw errors.STAGEOUTFAILED(`stored size of ${f.lfn} is ${head.ContentLength}, expected ${size}`);
          verifyUpload(f, size, sum.digest());
          f.turl = url;
        } catch (e) {
          if (ctx.signal?.aborted) throw ctx.signal.reason;
          throw s3Failure(e, false, url, timeout.aborted);
        }
      },
    };
  });
}

/**
 * Destination URL (Pilot 3's s3 resolve_surl): deterministic endpoints get the Rucio path;
 * OS_ES/OS_LOGS get `<path>/<queue>/<dataset with #{pandaid} → $PANDAID>`.
 */
function resolveSurl(f: TransferFile, protocol: { endpoint: string; path?: string; id?: unknown }, ddmconf: Record<string, StorageDataLike>, opts: { queue?: string; env?: NodeJS.ProcessEnv } = {}): { surl: string } {
  const ddm = ddmconf[f.ddmendpoint ?? ''];
  if (!ddm) throw errors.NOSTORAGE(`failed to resolve ddmendpoint by name=${f.ddmendpoint}`);
  const join = (...p: string[]) => p.filter(Boolean).join('/').replace(/([^:])\/{2,}/g, '$1/');
  if (ddm.is_deterministic) return { surl: protocol.endpoint + join(protocol.path ?? '', rucioPath(f.scope, f.lfn)) };
  if (ddm.type === 'OS_ES' || ddm.type === 'OS_LOGS') {
    const dataset = (f.dataset ?? '').replace('#{pandaid}', (opts.env ?? process.env).PANDAID ?? '');
    f.protocol_id = (protocol.id as number | string | undefined) ?? null;
    return { surl: protocol.endpoint + join(protocol.path ?? '', opts.queue ?? '', dataset) };
  }
  throw errors.NONDETERMINISTICDDM(`resolve_surl(): Failed to construct SURL for non deterministic ddm=${f.ddmendpoint}: NOT IMPLEMENTED`);
}

/** The s3 copytool. */
export const s3Copytool: Copytool = {
  name: 's3',
  requireReplicas: false,
  requireInputProtocols: true,
  requireProtocols: true,
  checkAvailableSpace: true,
  allowedSchemas: ['srm', 'gsiftp', 'https', 'davs', 'root', 's3', 's3+rucio'],
  copyIn,
  copyOut,
  resolveSurl,
};
