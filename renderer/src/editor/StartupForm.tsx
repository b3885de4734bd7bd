// The start order of a multi-VM appliance: which system starts when, and how each one stops.
import { useEditorContext } from './context.ts';
import { listAt } from './draft.ts';
import { CheckField, NumberField, SelectField } from './Field.tsx';
import { ListEditor } from './ListEditor.tsx';

export function StartupForm() {
  const { draft } = useEditorContext();
  const systems = listAt(draft, ['systems']).map((s) => String((s as { id?: unknown }).id ?? ''));
  return (
    <ListEditor
      path={['startup']}
      noun="start-up entry"
      empty="No start order: systems start together. Add entries to order a multi-VM appliance."
      title={(item) => `Start ${String((item as { system?: unknown }).system ?? '')}`}
      make={(items) => ({ system: systems[items.length] ?? systems[0] ?? '', order: items.length })}
    >
      {(path) => (
        <>
          <SelectField path={[...path, 'system']} label="System" choices={systems.map((id) => ({ value: id, label: id }))} />
          <NumberField path={[...path, 'order']} label="Order" />
          <NumberField path={[...path, 'startDelay']} label="Start delay" unit="s" />
          <NumberField path={[...path, 'stopDelay']} label="Stop delay" unit="s" />
          <SelectField path={[...path, 'startAction']} label="Start action" />
          <SelectField path={[...path, 'stopAction']} label="Stop action" />
          <CheckField path={[...path, 'waitingForGuest']} label="Wait for the guest to report ready" />
        </>
      )}
    </ListEditor>
  );
}
