// A real handler table over a real catalog in a temp folder, behind a scripted Host.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobEvent } from '../../electron/common/ipc.ts';
import { Catalog } from '../../electron/engine/catalog/catalog.ts';
import { createHandlerTable, type HandlerTable } from '../../electron/main/handlers.ts';
import type { Host } from '../../electron/main/host.ts';

export interface ScriptedHost extends Host {
  /** What the next file dialogs answer, in order. */
  readonly dialogAnswers: string[][];
  readonly shownItems: string[];
}

export function scriptedHost(): ScriptedHost {
  const host: ScriptedHost = {
    dialogAnswers: [],
    shownItems: [],
    chooseFiles: async () => host.dialogAnswers.shift() ?? [],
    showItemInFolder: (path) => void host.shownItems.push(path),
    // Stands in for safeStorage: reversible, but never the secret's own bytes.
    sealSecret: (secret) => Buffer.from(secret, 'utf8').map((byte) => byte ^ 0x5a),
    unsealSecret: (sealed) => Buffer.from(Buffer.from(sealed).map((byte) => byte ^ 0x5a)).toString('utf8'),
  };
  return host;
}

export function testHandlerTable(onEvent: (event: JobEvent) => void = () => {}, version = '0.0.0-test'): { table: HandlerTable; host: ScriptedHost; catalog: Catalog; home: string } {
  const home = mkdtempSync(join(tmpdir(), 'appliance-home-'));
  const catalog = Catalog.open(join(home, 'catalog.db'));
  const host = scriptedHost();
  const table = createHandlerTable({ host, catalog, version, emitJobEvent: onEvent });
  return { table, host, catalog, home };
}

/** Resolves with the terminal event of `jobId` and every progress event before it. */
export function collectJob(events: JobEvent[], jobId: string): Promise<JobEvent[]> {
  return new Promise((resolve) => {
    const poll = () => {
      const mine = events.filter((e) => e.jobId === jobId);
      if (mine.some((e) => e.type !== 'progress')) resolve(mine);
      else setTimeout(poll, 5);
    };
    poll();
  });
}
