// Signing identities over IPC: certificate summaries out, never key material. A passphrase is
// sealed by the desktop's secret store (Host.sealSecret over Electron safeStorage) when the user
// asks to keep it, and unsealed here, in the main process, for one build at a time.
import type { output } from 'zod';
import type { ResponseOf } from '../common/ipc.ts';
import type { IdentitySummary, projectChannels } from '../common/ipc-project.ts';
import type { Catalog } from '../engine/catalog/catalog.ts';
import { EngineError } from '../engine/errors.ts';
import { getIdentity, importIdentity, listIdentities, removeIdentity, sealedPassphrase, storeSealedPassphrase, unlockIdentity, type IdentityRecord } from '../engine/identity/identities.ts';
import type { SigningIdentity } from '../engine/trust/keys.ts';
import type { Host } from './host.ts';

type IdentityChannel = Extract<keyof typeof projectChannels, `identity:${string}`>;
type IdentityHandlers = { [C in IdentityChannel]: (request: output<(typeof projectChannels)[C]['request']>) => Promise<ResponseOf<C>> };

export function identityHandlers({ catalog, host }: { readonly catalog: Catalog; readonly host: Host }): IdentityHandlers {
  return {
    'identity:list': async () => ({ identities: listIdentities(catalog).map(summaryOf) }),
    'identity:import': async ({ remember: keep, label, ...input }) => {
      const record = await importIdentity(catalog, { ...input, ...(label ? { label } : {}) });
      if (keep && input.passphrase !== undefined && record.keyLocation.needsPassphrase) {
        const sealed = host.sealSecret(input.passphrase);
        if (!sealed) throw new EngineError('IDENTITY_NO_SECRET_STORE', 'input', 'the identity was imported, but this desktop has no secret store to keep the passphrase safely; it will be asked at each build');
        storeSealedPassphrase(catalog, record.id, sealed);
      }
      return summaryOf(getIdentity(catalog, record.id));
    },
    'identity:remove': async ({ id }) => ({ removed: removeIdentity(catalog, id) }),
    'identity:forget': async ({ id }) => {
      storeSealedPassphrase(catalog, id, null);
      return summaryOf(getIdentity(catalog, id));
    },
  };
}

/** Opens a stored identity's key for one build: the passphrase given, else the one sealed earlier. */
export async function signerFor(catalog: Catalog, host: Host, id: number, passphrase: string | undefined, keep: boolean): Promise<SigningIdentity> {
  const sealed = passphrase === undefined ? sealedPassphrase(catalog, id) : undefined;
  const secret = passphrase ?? (sealed ? host.unsealSecret(sealed) : undefined);
  const { signing, record } = await unlockIdentity(catalog, id, secret);
  if (keep && passphrase !== undefined && record.keyLocation.needsPassphrase) {
    const stored = host.sealSecret(passphrase);
    if (stored) storeSealedPassphrase(catalog, id, stored);
  }
  return signing;
}

function summaryOf(record: IdentityRecord): IdentitySummary {
  // Everything but where the files are and when it was added, plus what the renderer needs of the key.
  const { keyLocation, addedAt: _addedAt, ...certificate } = record;
  return { ...certificate, keyPath: keyLocation.keyPath, needsPassphrase: keyLocation.needsPassphrase };
}
