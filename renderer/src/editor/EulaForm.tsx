// Licence texts, one file per language: the import wizard shows the one matching the user's locale.
import { TextField } from './Field.tsx';
import { ListEditor } from './ListEditor.tsx';

export function EulaForm() {
  return (
    <ListEditor
      path={['eulas']}
      noun="licence"
      empty="No licence: importers accept the appliance without asking."
      title={(item, index) => `Licence ${index + 1}${langOf(item) ? ` (${langOf(item)})` : ''}`}
      make={(items) => ({ lang: items.length === 0 ? 'en-US' : '', file: items.length === 0 ? 'EULA.txt' : '' })}
    >
      {(path) => (
        <>
          <TextField path={[...path, 'lang']} label="Language" placeholder="en-US" />
          <TextField path={[...path, 'file']} label="Text file" placeholder="EULA.txt" wide />
        </>
      )}
    </ListEditor>
  );
}

function langOf(item: unknown): string {
  return item && typeof item === 'object' && 'lang' in item ? String(item.lang) : '';
}
