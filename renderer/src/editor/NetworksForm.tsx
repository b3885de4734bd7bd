// The logical networks the appliance's NICs attach to; the deployer maps each to a real one.
import { LocalTextField } from './LocalTextField.tsx';
import { TextField } from './Field.tsx';
import { ListEditor } from './ListEditor.tsx';

export function NetworksForm() {
  return (
    <ListEditor
      path={['networks']}
      noun="network"
      title={(item, index) => nameOf(item) || `Network ${index + 1}`}
      make={(items) => ({ name: items.length === 0 ? 'VM Network' : `Network ${items.length + 1}` })}
    >
      {(path) => (
        <>
          <TextField path={[...path, 'name']} label="Name" />
          <LocalTextField path={[...path, 'description']} label="Description" wide />
        </>
      )}
    </ListEditor>
  );
}

function nameOf(item: unknown): string {
  return item && typeof item === 'object' && 'name' in item ? String(item.name) : '';
}
