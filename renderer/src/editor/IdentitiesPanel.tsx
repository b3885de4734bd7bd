// Signing identities: import a PEM key with its certificate (and chain) or a PKCS#12, see who it
// names, who issued it and until when, with a warning well before it expires. The passphrase goes
// to the main process once, to prove the key opens; it is kept only when asked, sealed by the
// desktop's secret store. Key bytes never come to this page.
import { useId, useState, type FormEvent } from 'react';
import type { IdentitySummary } from '../../../electron/common/ipc-project.ts';
import { BridgeError, invoke } from '../bridge.ts';

interface Props {
  readonly identities: readonly IdentitySummary[];
  readonly onChanged: () => void;
}

export function IdentitiesPanel({ identities, onChanged }: Props) {
  const id = useId();
  const [keyPath, setKeyPath] = useState('');
  const [certPath, setCertPath] = useState('');
  const [chainPath, setChainPath] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await invoke('identity:import', {
        keyPath,
        ...(certPath ? { certPath } : {}),
        ...(chainPath ? { chainPath } : {}),
        ...(passphrase ? { passphrase } : {}),
        remember,
      });
      setKeyPath('');
      setCertPath('');
      setChainPath('');
      setPassphrase('');
      onChanged();
    } catch (e) {
      setError(e instanceof BridgeError ? hintFor(e.problem.code, e.problem.message) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const choose = async (set: (path: string) => void, title: string) => {
    const { paths } = await invoke('dialog:open', { title });
    if (paths[0]) set(paths[0]);
  };

  return (
    <div className="identities">
      {identities.length === 0 ? (
        <p className="muted">No signing identity yet: packages are built unsigned.</p>
      ) : (
        <ul className="identity-list" aria-label="Signing identities">
          {identities.map((identity) => (
            <li key={identity.id} className={`identity expiry-${identity.expiry.status}`}>
              <div className="identity-main">
                <strong>{identity.label}</strong> <span className={`badge badge-${badgeOf(identity)}`}>{expiryText(identity)}</span>
                <p className="muted">
                  {identity.subject} · issued by {identity.issuer} · {identity.keyType}
                  {identity.chainLength > 0 ? ` · chain of ${identity.chainLength}` : ''}
                </p>
                {identity.usageProblem && <p className="field-issue">This certificate may not sign code: {identity.usageProblem}. Importers will refuse the signature; use a code-signing certificate.</p>}
                <p className="muted mono">{identity.fingerprint}</p>
              </div>
              <div className="item-actions">
                {identity.passphraseRemembered && (
                  <button type="button" onClick={() => void invoke('identity:forget', { id: identity.id }).then(onChanged)}>
                    Forget passphrase
                  </button>
                )}
                <button type="button" className="danger" aria-label={`Remove ${identity.label}`} onClick={() => void invoke('identity:remove', { id: identity.id }).then(onChanged)}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <form className="identity-form" onSubmit={(event) => void submit(event)} aria-label="Import a signing identity">
        <h4>Import a signing identity</h4>
        <div className="field-grid">
          <PathInput id={`${id}-key`} label="Private key (PEM) or PKCS#12 (.p12/.pfx)" value={keyPath} onChange={setKeyPath} onChoose={() => void choose(setKeyPath, 'Choose the private key or PKCS#12 file')} required />
          <PathInput id={`${id}-cert`} label="Certificate (PEM), if not in the key file" value={certPath} onChange={setCertPath} onChoose={() => void choose(setCertPath, 'Choose the signing certificate')} />
          <PathInput id={`${id}-chain`} label="Chain (PEM intermediates)" value={chainPath} onChange={setChainPath} onChoose={() => void choose(setChainPath, 'Choose the intermediate certificates')} />
          <div className="field">
            <label htmlFor={`${id}-pass`}>Passphrase</label>
            <input id={`${id}-pass`} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            <p className="field-hint">Needed for PKCS#12 and encrypted keys; checked now, not stored unless you tick below.</p>
          </div>
          <div className="field inline">
            <label htmlFor={`${id}-remember`}>Remember the passphrase (sealed by the system's keyring)</label>
            <input id={`${id}-remember`} type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          </div>
        </div>
        {error && (
          <p className="field-issue" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || keyPath === ''}>
          {busy ? 'Importing…' : 'Import identity'}
        </button>
      </form>
    </div>
  );
}

function PathInput({ id, label, value, onChange, onChoose, required }: { id: string; label: string; value: string; onChange: (v: string) => void; onChoose: () => void; required?: boolean }) {
  return (
    <div className="field wide">
      <label htmlFor={id}>{label}</label>
      <div className="path-input">
        <input id={id} type="text" value={value} spellCheck={false} required={required} onChange={(e) => onChange(e.target.value)} />
        <button type="button" onClick={onChoose} aria-label={`Choose: ${label}`}>
          Choose…
        </button>
      </div>
    </div>
  );
}

export function badgeOf(identity: IdentitySummary): 'pass' | 'warn' | 'fail' {
  if (identity.usageProblem || identity.expiry.status === 'expired' || identity.expiry.status === 'not-yet-valid') return 'fail';
  return identity.expiry.status === 'expiring' ? 'warn' : 'pass';
}

export function expiryText(identity: IdentitySummary): string {
  const date = identity.notAfter.slice(0, 10);
  switch (identity.expiry.status) {
    case 'valid':
      return `valid until ${date}`;
    case 'expiring':
      return `expires in ${identity.expiry.daysLeft} day${identity.expiry.daysLeft === 1 ? '' : 's'} (${date}): renew it`;
    case 'expired':
      return `expired on ${date}`;
    case 'not-yet-valid':
      return `not valid before ${identity.notBefore.slice(0, 10)}`;
  }
}

/** The engine says what is wrong; this adds what to do about it. */
function hintFor(code: string, message: string): string {
  const hints: Record<string, string> = {
    IDENTITY_PASSPHRASE_REQUIRED: 'Type the passphrase above and import again.',
    TRUST_KEY_BAD_PASSPHRASE: 'Check the passphrase (it is case-sensitive) and try again.',
    TRUST_CERT_MISSING: 'Give the certificate file too.',
    TRUST_KEY_CERT_MISMATCH: 'Choose the certificate issued for this key.',
  };
  return hints[code] ? `${message}. ${hints[code]}` : message;
}
