// Deployment options (small / medium / large): what the deployer picks at import, with the CPU,
// memory and disks each system gets under it. Disk choices are stored on the disks (their
// `options` and `optionCapacityMiB`), the same values the disks form edits.
import type { DraftPath } from '../../../electron/common/ipc-project.ts';
import { useEditorContext, useEdit } from './context.ts';
import { optionIds } from './DisksForm.tsx';
import { getIn, listAt } from './draft.ts';
import { CheckField, NumberField, TextField, toggledChoice } from './Field.tsx';
import { ListEditor, nextId } from './ListEditor.tsx';
import { LocalTextField } from './LocalTextField.tsx';

export function DeploymentOptionsForm() {
  const { draft } = useEditorContext();
  const systems = listAt(draft, ['systems']).map((s) => String((s as { id?: unknown }).id ?? ''));
  return (
    <ListEditor
      path={['deploymentOptions']}
      noun="deployment option"
      empty="One configuration only. Add options (small, large …) to let the deployer choose."
      title={(item, index) => `${String((item as { id?: unknown }).id ?? '') || `Option ${index + 1}`}${(item as { default?: unknown }).default ? ' (default)' : ''}`}
      make={(items) => ({ id: nextId(items, 'option'), label: `Option ${items.length + 1}`, description: '', ...(items.length === 0 ? { default: true } : {}) })}
    >
      {(path) => (
        <>
          <TextField path={[...path, 'id']} label="Identifier" />
          <LocalTextField path={[...path, 'label']} label="Label" />
          <LocalTextField path={[...path, 'description']} label="Description" wide />
          <CheckField path={[...path, 'default']} label="Selected by default" />
          {systems.map((system, s) => (
            <div key={system} className="override wide">
              <h5>{system} under this option</h5>
              <div className="field-grid">
                <NumberField path={[...path, 'systems', system, 'cpus']} label="Virtual CPUs" hint="Empty: as the system says." />
                <NumberField path={[...path, 'systems', system, 'memoryMiB']} label="Memory" unit="MiB" hint="Empty: as the system says." />
                <OptionDisks system={['systems', s]} option={String(getIn(draft, [...path, 'id']) ?? '')} />
              </div>
            </div>
          ))}
        </>
      )}
    </ListEditor>
  );
}

/** Each disk of the system: whether this option has it, and a blank disk's capacity under it. */
function OptionDisks({ system, option }: { readonly system: DraftPath; readonly option: string }) {
  const { draft } = useEditorContext();
  const edit = useEdit();
  const all = optionIds(draft);
  if (option === '') return null;
  return listAt(draft, [...system, 'disks']).map((item, d) => {
    const disk = item as { id?: unknown; source?: unknown; options?: unknown };
    const at = [...system, 'disks', d];
    const listed = Array.isArray(disk.options) ? disk.options.map(String) : all;
    const present = listed.includes(option);
    const name = String(disk.id ?? `disk ${d + 1}`);
    const toggle = (on: boolean) => edit([...at, 'options'], toggledChoice(listed, all, option, on, true));
    return (
      <div key={name} className="option-disk">
        <label>
          <input type="checkbox" checked={present} onChange={(event) => toggle(event.target.checked)} />
          Disk {name}
        </label>
        {present && !disk.source && <NumberField path={[...at, 'optionCapacityMiB', option]} label={`${name} capacity`} unit="MiB" hint="Empty: the disk's own capacity." />}
      </div>
    );
  });
}
