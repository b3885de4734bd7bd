// A live preview of the deploy form the customer will see: properties grouped by category, lists
// for ValueMaps, masked passwords, fixed values read-only, and each value checked as the platform
// checks it (by the main process with the OVF engine's parsers). It can be filled in to try it.
import { useEffect, useId, useState } from 'react';
import type { DeployField, DeployHardware } from '../../../electron/common/ipc-project.ts';
import { BridgeError, invoke } from '../bridge.ts';
import { useEditorContext } from './context.ts';
import { listAt } from './draft.ts';

export function DeployPreview() {
  const { draft, issues } = useEditorContext();
  const [values, setValues] = useState<Readonly<Record<string, string>>>({});
  const [fields, setFields] = useState<readonly DeployField[]>([]);
  const [hardware, setHardware] = useState<readonly DeployHardware[]>([]);
  const [error, setError] = useState<string>();
  // '' follows the project's default option, as a deployer's first look does.
  const [chosen, setChosen] = useState('');
  const options = listAt(draft, ['deploymentOptions']).map((o) => String((o as { id?: unknown }).id ?? ''));
  const option = options.includes(chosen) ? chosen : undefined;
  const valid = issues.length === 0;
  const optionId = useId();

  useEffect(() => {
    if (!valid) return undefined;
    const timer = setTimeout(() => {
      invoke('project:deployForm', { draft, values, ...(option ? { option } : {}) })
        .then((reply) => {
          setFields(reply.fields);
          setHardware(reply.hardware);
          setError(undefined);
        })
        .catch((e: unknown) => setError(e instanceof BridgeError ? e.problem.message : String(e)));
    }, 80);
    return () => clearTimeout(timer);
  }, [draft, values, valid, option]);

  const groups = new Map<string, DeployField[]>();
  for (const field of fields) groups.set(field.category, [...(groups.get(field.category) ?? []), field]);
  return (
    <section className="deploy-preview card" aria-labelledby="deploy-preview-title">
      <header className="preview-head">
        <h3 id="deploy-preview-title">Deploy form preview</h3>
        <button type="button" onClick={() => setValues({})} disabled={Object.keys(values).length === 0}>
          Reset
        </button>
      </header>
      {options.length > 0 && (
        <div className="preview-field">
          <label htmlFor={optionId}>Deployment option</label>
          <select id={optionId} value={option ?? ''} onChange={(e) => setChosen(e.target.value)}>
            <option value="">The default option</option>
            {options.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
      )}
      {valid && options.length > 0 && hardware.length > 0 && <OptionHardware hardware={hardware} />}
      {!valid && <p className="muted">The preview appears once the highlighted fields are fixed.</p>}
      {error && <p className="field-issue">{error}</p>}
      {valid && fields.length === 0 && <p className="muted">No properties yet: the deployer will not be asked anything.</p>}
      {[...groups].map(([category, list]) => (
        <fieldset key={category} className="preview-group">
          <legend>{category || 'Application'}</legend>
          {list.map((field) => (
            <PreviewField key={field.key} field={field} value={values[field.key] ?? field.defaultValue} onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))} />
          ))}
        </fieldset>
      ))}
    </section>
  );
}

function PreviewField({ field, value, onChange }: { readonly field: DeployField; readonly value: string; readonly onChange: (value: string) => void }) {
  const id = useId();
  const fixed = !field.userConfigurable;
  const described = [field.description ? `${id}-d` : '', field.problem ? `${id}-p` : ''].filter(Boolean).join(' ') || undefined;
  let input;
  if (field.choices.length > 0) {
    input = (
      <select id={id} value={value} disabled={fixed} aria-describedby={described} aria-invalid={field.problem ? true : undefined} onChange={(e) => onChange(e.target.value)}>
        {!field.choices.includes(value) && <option value={value}>{value || 'Choose…'}</option>}
        {field.choices.map((choice) => (
          <option key={choice}>{choice}</option>
        ))}
      </select>
    );
  } else if (field.type === 'boolean') {
    input = <input id={id} type="checkbox" checked={value.toLowerCase() === 'true'} disabled={fixed} aria-describedby={described} onChange={(e) => onChange(String(e.target.checked))} />;
  } else {
    input = (
      <input
        id={id}
        type={field.password ? 'password' : 'text'}
        inputMode={/int/.test(field.type) ? 'numeric' : undefined}
        value={value}
        readOnly={fixed}
        spellCheck={false}
        aria-describedby={described}
        aria-invalid={field.problem ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={`preview-field${field.problem ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {field.label}
        {fixed && <span className="muted"> (fixed)</span>}
      </label>
      {input}
      {field.description && (
        <p id={`${id}-d`} className="field-hint">
          {field.description}
        </p>
      )}
      {field.problem && (
        <p id={`${id}-p`} className="field-issue">
          {field.problem}
        </p>
      )}
    </div>
  );
}

/** The virtual machine(s) the chosen option deploys: CPUs, memory and the disks it attaches. */
function OptionHardware({ hardware }: { readonly hardware: readonly DeployHardware[] }) {
  return (
    <ul className="option-hardware" aria-label="Hardware under this option">
      {hardware.map((system) => (
        <li key={system.system}>
          {hardware.length > 1 ? `${system.system}: ` : ''}
          {system.cpus} vCPU, {system.memoryMiB} MiB memory; disks: {system.disks.map((d) => (d.capacityMiB !== undefined ? `${d.id} ${d.capacityMiB} MiB` : `${d.id} (image)`)).join(', ') || 'none'}
        </li>
      ))}
    </ul>
  );
}
