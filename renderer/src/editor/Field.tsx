// Form fields bound to a place in the draft. Each shows what the project schema says about its
// value (the engine checks every draft) and which target rules it triggers, right under the input,
// so the reason and the way out are where the person is looking.
import { useId, type ReactNode } from 'react';
import type { DraftPath } from '../../../electron/common/ipc-project.ts';
import { draftPathOf } from '../../../electron/common/ipc-project.ts';
import { useEditorContext, useEdit } from './context.ts';
import { getIn, samePath } from './draft.ts';
import { fieldSchema } from './schema.ts';

interface Common {
  readonly path: DraftPath;
  readonly label: string;
  /** Shown under the field; the schema's description when absent. */
  readonly hint?: string;
  readonly wide?: boolean;
}

export function TextField({ path, label, hint, wide, placeholder, password }: Common & { readonly placeholder?: string; readonly password?: boolean }) {
  const edit = useEdit();
  const { draft } = useEditorContext();
  const value = getIn(draft, path);
  return (
    <FieldFrame path={path} label={label} hint={hint} wide={wide}>
      {(id, described, invalid) => (
        <input
          id={id}
          type={password ? 'password' : 'text'}
          value={value === undefined || value === null ? '' : String(value)}
          placeholder={placeholder}
          spellCheck={false}
          aria-describedby={described}
          aria-invalid={invalid || undefined}
          onChange={(event) => edit(path, event.target.value === '' ? undefined : event.target.value, true)}
        />
      )}
    </FieldFrame>
  );
}

export function NumberField({ path, label, hint, wide, unit }: Common & { readonly unit?: string }) {
  const edit = useEdit();
  const { draft, vocabulary } = useEditorContext();
  const value = getIn(draft, path);
  const schema = fieldSchema(vocabulary.schema, path);
  return (
    <FieldFrame path={path} label={unit ? `${label} (${unit})` : label} hint={hint} wide={wide}>
      {(id, described, invalid) => (
        <input
          id={id}
          type="number"
          inputMode="numeric"
          value={typeof value === 'number' || typeof value === 'string' ? String(value) : ''}
          min={schema.minimum}
          max={schema.maximum}
          aria-describedby={described}
          aria-invalid={invalid || undefined}
          onChange={(event) => edit(path, event.target.value === '' ? undefined : Number(event.target.value), true)}
        />
      )}
    </FieldFrame>
  );
}

/** A list from the schema's enum (or the given choices); "(default)" removes the key. */
export function SelectField({ path, label, hint, wide, choices }: Common & { readonly choices?: readonly { readonly value: string | number; readonly label: string }[] }) {
  const edit = useEdit();
  const { draft, vocabulary } = useEditorContext();
  const schema = fieldSchema(vocabulary.schema, path);
  const options = choices ?? (schema.enum ?? []).map((value) => ({ value, label: String(value) }));
  const value = getIn(draft, path);
  return (
    <FieldFrame path={path} label={label} hint={hint} wide={wide}>
      {(id, described, invalid) => (
        <select
          id={id}
          value={value === undefined ? '' : String(value)}
          aria-describedby={described}
          aria-invalid={invalid || undefined}
          onChange={(event) => {
            const chosen = options.find((o) => String(o.value) === event.target.value);
            edit(path, chosen?.value);
          }}
        >
          {!schema.required && <option value="">{schema.default !== undefined ? `(default: ${String(schema.default)})` : '(not set)'}</option>}
          {schema.required && value === undefined && <option value="">Choose…</option>}
          {options.map((option) => (
            <option key={String(option.value)} value={String(option.value)}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export function CheckField({ path, label, hint }: Common) {
  const edit = useEdit();
  const { draft, vocabulary } = useEditorContext();
  const value = getIn(draft, path);
  const fallback = fieldSchema(vocabulary.schema, path).default === true;
  return (
    <FieldFrame path={path} label={label} hint={hint} inline>
      {(id, described) => (
        <input id={id} type="checkbox" checked={typeof value === 'boolean' ? value : fallback} aria-describedby={described} onChange={(event) => edit(path, event.target.checked)} />
      )}
    </FieldFrame>
  );
}

/**
 * A set of ids chosen by checkboxes, stored as a list at `path`. With `allMeansUnset`, choosing
 * every one removes the key (the project's "all" is the absent list), so the file stays short.
 */
export function ChecklistField({ path, label, hint, wide, choices, allMeansUnset }: Common & { readonly choices: readonly { readonly value: string; readonly label: string }[]; readonly allMeansUnset?: boolean }) {
  const edit = useEdit();
  const { draft } = useEditorContext();
  const value = getIn(draft, path);
  const chosen = Array.isArray(value) ? value.map(String) : allMeansUnset ? choices.map((c) => c.value) : [];
  const toggle = (id: string, on: boolean) => edit(path, toggledChoice(chosen, choices.map((c) => c.value), id, on, allMeansUnset === true));
  return (
    <FieldFrame path={path} label={label} hint={hint} wide={wide} group>
      {(id, described) => (
        <div className="checklist" aria-describedby={described}>
          {choices.map((choice) => (
            <label key={choice.value} htmlFor={`${id}-${choice.value}`}>
              <input id={`${id}-${choice.value}`} type="checkbox" checked={chosen.includes(choice.value)} onChange={(event) => toggle(choice.value, event.target.checked)} />
              {choice.label}
            </label>
          ))}
        </div>
      )}
    </FieldFrame>
  );
}

/**
 * `chosen` with `id` ticked or not, in the order of `all`; ids `all` does not know (a renamed
 * option) stay at the end so the rule that reports them can be seen. Undefined when every one is
 * chosen and `allMeansUnset`.
 */
export function toggledChoice(chosen: readonly string[], all: readonly string[], id: string, on: boolean, allMeansUnset: boolean): string[] | undefined {
  const next = all.filter((c) => (c === id ? on : chosen.includes(c)));
  const unknown = chosen.filter((c) => !all.includes(c));
  return allMeansUnset && unknown.length === 0 && next.length === all.length ? undefined : [...next, ...unknown];
}

interface FrameProps {
  readonly path: DraftPath;
  readonly label: string;
  readonly hint?: string | undefined;
  readonly wide?: boolean | undefined;
  readonly inline?: boolean;
  /** Several inputs under one caption: a fieldset with a legend instead of a label. */
  readonly group?: boolean;
  readonly children: (id: string, describedBy: string | undefined, invalid: boolean) => ReactNode;
}

function FieldFrame({ path, label, hint, wide, inline, group, children }: FrameProps) {
  const id = useId();
  const { issues, findings, vocabulary } = useEditorContext();
  const mine = issues.filter((issue) => samePath(issue.path, path));
  const rules = findings.filter((finding) => samePath(draftPathOf(finding.location), path));
  const help = hint ?? fieldSchema(vocabulary.schema, path).description;
  const describedBy = [help ? `${id}-hint` : '', mine.length > 0 ? `${id}-issue` : '', rules.length > 0 ? `${id}-rules` : ''].filter(Boolean).join(' ') || undefined;
  const Frame = group ? 'fieldset' : 'div';
  return (
    <Frame className={`field${wide ? ' wide' : ''}${inline ? ' inline' : ''}${mine.length > 0 ? ' invalid' : ''}`} data-path={path.join('.')}>
      {group ? <legend>{label}</legend> : <label htmlFor={id}>{label}</label>}
      {children(id, describedBy, mine.length > 0)}
      {help && (
        <p id={`${id}-hint`} className="field-hint">
          {help}
        </p>
      )}
      {mine.length > 0 && (
        <p id={`${id}-issue`} className="field-issue" role="alert">
          {mine.map((issue) => issue.message).join('; ')}
        </p>
      )}
      {rules.length > 0 && (
        <ul id={`${id}-rules`} className="field-rules">
          {rules.map((finding) => (
            <li key={`${finding.code}-${finding.target ?? ''}`} className={`sev-${finding.severity}`}>
              <span className="rule-target">{finding.target ? (vocabulary.targets.find((t) => t.id === finding.target)?.title ?? finding.target) : 'All targets'}</span> {finding.message}
            </li>
          ))}
        </ul>
      )}
    </Frame>
  );
}
