/**
 * `s3` copytool: placeholder until the AWS SDK based implementation lands; every call fails with
 * a clear error so a queue that names it falls back to its next copytool.
 */
import { errors } from '../common/errors.js';
import type { Copytool } from './types.js';

/** The s3 copytool. */
export const s3Copytool: Copytool = {
  name: 's3',
  requireReplicas: false,
  requireInputProtocols: true,
  requireProtocols: true,
  checkAvailableSpace: true,
  allowedSchemas: ['srm', 'gsiftp', 'https', 'davs', 'root', 's3', 's3+rucio'],
  copyIn: async () => { throw errors.STAGEINFAILED('s3 copytool is not available in this build'); },
  copyOut: async () => { throw errors.STAGEOUTFAILED('s3 copytool is not available in this build'); },
};
