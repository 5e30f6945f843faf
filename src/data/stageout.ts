/**
 * StageOutClient (Pilot 3's StageOutClient): destinations per activity (astorages, alternative
 * endpoint), local file checks (missing → 1165 without fallback, empty → 1191), checksum of the
 * local file, destination turl from storage data, copy.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errors } from '../common/errors.js';
import { fileChecksums } from '../copytool/checksum.js';
import { checkLfn, checkScope } from '../copytool/paths.js';
import type { Copytool } from '../copytool/types.js';
import { requireProtocols } from './protocols.js';
import { StagingClient, type TransferOptions } from './staging.js';
import type { TransferFile } from './types.js';

/** Stage-out client. */
export class StageOutClient extends StagingClient {
  protected readonly isStagein = false;

  private mvConfigured(): boolean {
    const ct = this.queuedata?.copytools;
    if (ct && 'mv' in ct) return true;
    return Object.values(this.acopytools).some((l) => l.includes('mv'));
  }

  /**
   * Pilot 3's prepare_destinations: files get the first astorages endpoint of the activities
   * (keeping a listed one), and `ddmendpoint_alt` the next one (cyclic, skipping `altExclude`).
   */
  prepareDestinations(files: TransferFile[], activity: string | string[], altExclude: string[] = []): TransferFile[] {
    const qd = this.queuedata;
    if (!qd) return files;
    const activities = typeof activity === 'string' ? [activity] : activity;
    if (!activities.length) throw errors.INTERNALPILOTPROBLEM('empty activity list for prepare_destinations');
    let storages: string[] | undefined;
    for (const a of activities) {
      if (qd.astorages?.[a]?.length) {
        storages = qd.astorages[a];
        break;
      }
    }
    if (!storages) {
      if (this.mvConfigured()) return files;
      throw errors.NOSTORAGE(`Failed to resolve destination: no associated storages defined for activity=${activities.join(',')} (NO_ASTORAGES_DEFINED)`);
    }
    const list = storages;
    const alt = (primary: string): string | undefined => {
      const exclude = new Set([primary, ...altExclude]);
      const i = list.indexOf(primary);
      for (let k = 1; k <= list.length; k++) {
        const cand = list[(i + k + list.length) % list.length];
        if (!exclude.has(cand)) return cand;
      }
      return undefined;
    };
    for (const f of files) {
      if (!f.ddmendpoint) {
        f.ddmendpoint = list[0];
        f.ddmendpoint_alt = alt(list[0]) ?? null;
      } else if (!list.includes(f.ddmendpoint)) {
        f.ddmendpoint_alt = altExclude.includes(f.ddmendpoint) ? null : f.ddmendpoint;
        f.ddmendpoint = list[0];
      } else {
        f.ddmendpoint_alt = alt(f.ddmendpoint) ?? null;
      }
    }
    return files;
  }

  protected prepare(files: TransferFile[]): void {
    for (const f of files) {
      checkLfn(f.lfn, errors.STAGEOUTFAILED);
      checkScope(f.scope, errors.STAGEOUTFAILED);
    }
    // Pilot 3 runs prepare_inputddms (default activity read_lan) for outputs too: an endpoint the
    // queue reads from on the LAN, or the file's own endpoint, is written through write_lan.
    const ddms = this.queuedata?.astorages?.read_lan ?? [];
    for (const f of files) {
      if (!f.inputddms?.length) f.inputddms = ddms.length ? [...ddms] : f.ddmendpoint ? [f.ddmendpoint] : [];
      if (!f.ddm_activity) f.ddm_activity = [...((f.inputddms ?? []).includes(f.ddmendpoint ?? '') ? ['write_lan'] : []), 'write_wan'];
    }
  }

  protected async transferFiles(tool: Copytool, files: TransferFile[], activities: string[], opts: TransferOptions): Promise<void> {
    const mv = this.mvConfigured() || tool.name === 'mv';
    for (const f of files) {
      if (!f.ddmendpoint && !mv) throw errors.NOSTORAGE(`Failed to stage-out file=${f.lfn}: ddmendpoint is not set (NO_OUTPUTSTORAGE_DEFINED)`);
      const workdir = f.workdir || opts.workdir || process.cwd();
      const pfn = f.surl || f.pfn || join(workdir, f.lfn);
      let size: number;
      try {
        const st = await stat(pfn);
        if (!st.isFile()) throw new Error('not a regular file');
        size = st.size;
      } catch (e) {
        const msg = `output pfn file/directory does not exist: ${pfn}`; // Pilot 3's words
        this.trace.update({ clientState: 'MISSINGOUTPUTFILE', stateReason: msg, filename: f.lfn, remoteSite: f.ddmendpoint ?? '' });
        this.trace.send();
        throw errors.MISSINGOUTPUTFILE(msg, e);
      }
      if (!f.filesize) f.filesize = size;
      if (!f.filesize) throw errors.ZEROFILESIZE(`output file has zero size: ${pfn}`);
      f.surl = pfn;
      f.activity = activities;
      if (!f.checksum?.adler32) {
        const sum = await fileChecksums(pfn, { md5: false, signal: opts.signal });
        f.checksum = { ...(f.checksum ?? {}), adler32: sum.adler32 };
      }
    }
    if (tool.requireProtocols) {
      requireProtocols(files, tool, { activities, queuedata: this.queuedata, ddmconf: await this.ddmconf(), localDir: tool.name === 'mv' ? undefined : opts.outputDir, env: this.opts.env });
    }
    const workdir = opts.workdir ?? files[0]?.workdir ?? process.cwd();
    const ctx = this.context(opts, workdir);
    ctx.ddmconf = await this.ddmconf();
    await tool.copyOut(files, ctx);
  }
}
