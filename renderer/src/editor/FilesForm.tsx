// Extra files shipped in the package beside the disks (README, scripts).
import { TextField } from './Field.tsx';
import { ListEditor } from './ListEditor.tsx';

export function FilesForm() {
  return (
    <ListEditor path={['files']} noun="file" empty="No extra files." title={(item, index) => (item && typeof item === 'object' && 'path' in item ? String(item.path) : '') || `File ${index + 1}`} make={() => ({ path: '' })}>
      {(path) => (
        <>
          <TextField path={[...path, 'path']} label="Path in the project" placeholder="docs/README.txt" />
          <TextField path={[...path, 'description']} label="Description" wide />
        </>
      )}
    </ListEditor>
  );
}
