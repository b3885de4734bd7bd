// Deployment options (small / medium / large): what the deployer picks at import, with the CPU and
// memory each system gets under it.
import { useEditorContext } from './context.ts';
import { listAt } from './draft.ts';
import { CheckField, NumberField, TextField } from './Field.tsx';
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
          {systems.map((system) => (
            <div key={system} className="override wide">
              <h5>{system} under this option</h5>
              <div className="field-grid">
                <NumberField path={[...path, 'systems', system, 'cpus']} label="Virtual CPUs" hint="Empty: as the system says." />
                <NumberField path={[...path, 'systems', system, 'memoryMiB']} label="Memory" unit="MiB" hint="Empty: as the system says." />
              </div>
            </div>
          ))}
        </>
      )}
    </ListEditor>
  );
}
