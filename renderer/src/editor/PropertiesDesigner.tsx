// The properties designer: the settings the deployer fills in (OVF ProductSection properties),
// with category, type, qualifiers, default and password. The list is virtualised: an appliance
// with hundreds of properties scrolls as one with three. The selected property opens below.
import { useRef, useState } from 'react';
import { VirtualList } from '../common/VirtualList.tsx';
import { useEditorContext, useEdit } from './context.ts';
import { listAt } from './draft.ts';
import { CheckField, SelectField, TextField } from './Field.tsx';
import { nextId } from './ListEditor.tsx';
import { LocalTextField } from './LocalTextField.tsx';

const rowHeight = 34;

export function PropertiesDesigner() {
  const { draft, issues, findings } = useEditorContext();
  const edit = useEdit();
  const properties = listAt(draft, ['properties']) as readonly Record<string, unknown>[];
  const [selected, setSelectedState] = useState(0);
  // Keys can arrive faster than React draws: the next move starts from the latest selection, not
  // from the row that still has the focus.
  const latest = useRef(0);
  const setSelected = (next: number) => {
    latest.current = next;
    setSelectedState(next);
  };
  const listArea = useRef<HTMLDivElement>(null);
  // Arrow keys move the selection and the focus with it, once the virtual list has drawn the row.
  const moveTo = (next: number) => {
    setSelected(next);
    requestAnimationFrame(() => listArea.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
  };
  const index = Math.min(selected, properties.length - 1);
  const systems = listAt(draft, ['systems']).map((s) => String((s as { id?: unknown }).id ?? ''));
  const options = listAt(draft, ['deploymentOptions']).map((o) => String((o as { id?: unknown }).id ?? ''));
  const flagged = (i: number) => issues.some((issue) => issue.path[0] === 'properties' && issue.path[1] === i) || findings.some((f) => f.location.path?.startsWith(`properties[${i}]`));

  const add = () => {
    const key = nextId(properties, 'setting', 'key');
    edit(['properties', properties.length], { key, type: 'string', label: key });
    setSelected(properties.length);
  };
  return (
    <div className="designer">
      <div className="designer-list" ref={listArea}>
        {properties.length === 0 ? (
          <p className="muted empty">No properties: the deployer is asked nothing.</p>
        ) : (
          <VirtualList
            items={properties}
            rowHeight={rowHeight}
            maxHeight={rowHeight * 8}
            label="Properties"
            role="listbox"
            bodyRole="presentation"
            scrollToIndex={index}
            renderRow={(property, i, style) => (
              <div
                key={i}
                data-index={i}
                role="option"
                aria-selected={i === index}
                tabIndex={i === index ? 0 : -1}
                className={`property-row${i === index ? ' selected' : ''}${flagged(i) ? ' flagged' : ''}`}
                style={style}
                onClick={() => setSelected(i)}
                onKeyDown={(event) => {
                  const from = Math.min(latest.current, properties.length - 1);
                  const next = { ArrowDown: from + 1, ArrowUp: from - 1, Home: 0, End: properties.length - 1 }[event.key];
                  if (next === undefined) return;
                  event.preventDefault();
                  moveTo(Math.max(0, Math.min(properties.length - 1, next)));
                }}
              >
                <code>{String(property.key ?? '')}</code>
                <span className="muted">{String(property.type ?? '')}</span>
                {property.password === true && <span className="tag">password</span>}
                {flagged(i) && <span className="tag warn">check</span>}
              </div>
            )}
          />
        )}
        <div className="list-actions">
          <button type="button" onClick={add}>
            Add property
          </button>
          {properties.length > 0 && (
            <button type="button" className="danger" onClick={() => edit(['properties', index], undefined)}>
              Remove {String(properties[index]?.key ?? '')}
            </button>
          )}
        </div>
      </div>
      {properties.length > 0 && (
        <section className="item-card" aria-label={`Property ${String(properties[index]?.key ?? '')}`}>
          <div className="field-grid">
            <TextField path={['properties', index, 'key']} label="Key" />
            <SelectField path={['properties', index, 'type']} label="Type" />
            <LocalTextField path={['properties', index, 'label']} label="Label" />
            <LocalTextField path={['properties', index, 'category']} label="Category" />
            <TextField path={['properties', index, 'qualifiers']} label="Qualifiers" placeholder='MinLen(1) MaxLen(64) or ValueMap{"a","b"}' wide />
            <TextField path={['properties', index, 'default']} label="Default value" password={properties[index]?.password === true} />
            {options.map((option) => (
              <TextField key={option} path={['properties', index, 'optionDefaults', option]} label={`Default for option ${option}`} placeholder="empty: the default value" password={properties[index]?.password === true} />
            ))}
            <SelectField path={['properties', index, 'system']} label="Virtual system" choices={systems.map((id) => ({ value: id, label: id }))} />
            <CheckField path={['properties', index, 'password']} label="Password (masked, not echoed)" />
            <CheckField path={['properties', index, 'userConfigurable']} label="The deployer may change it" />
            <LocalTextField path={['properties', index, 'description']} label="Description" wide />
          </div>
        </section>
      )}
    </div>
  );
}
