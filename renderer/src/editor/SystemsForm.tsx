// Each virtual system and its hardware: guest OS, firmware, CPUs, memory, controllers, disks,
// CD/ISO drives and NICs.
import { useEditorContext, useEdit } from './context.ts';
import { listAt } from './draft.ts';
import { CheckField, NumberField, SelectField, TextField } from './Field.tsx';
import { DisksForm, freeUnit } from './DisksForm.tsx';
import { ImageDrop } from './ImageDrop.tsx';
import { ListEditor, nextId } from './ListEditor.tsx';
import { LocalTextField } from './LocalTextField.tsx';

const idOf = (item: unknown) => String((item as { id?: unknown } | undefined)?.id ?? '');

export function SystemsForm() {
  const { vocabulary } = useEditorContext();
  const osChoices = vocabulary.guestOs.map((os) => ({ value: os.name, label: `${os.description} (${os.name})` }));
  return (
    <ListEditor
      path={['systems']}
      noun="virtual system"
      title={(item, index) => `${String((item as { name?: unknown }).name ?? '') || `System ${index + 1}`} · ${idOf(item)}`}
      make={(items) => ({ id: nextId(items, 'vm'), name: `System ${items.length + 1}`, os: 'linux-64', cpus: 1, memoryMiB: 1024, controllers: [{ id: 'scsi0', type: 'scsi' }], disks: [] })}
      max={32}
    >
      {(path) => (
        <>
          <TextField path={[...path, 'id']} label="Identifier" />
          <TextField path={[...path, 'name']} label="Name" />
          <SelectField path={[...path, 'os']} label="Guest OS" choices={osChoices} />
          <SelectField path={[...path, 'firmware']} label="Firmware" />
          <CheckField path={[...path, 'secureBoot']} label="Secure Boot" />
          <NumberField path={[...path, 'cpus']} label="Virtual CPUs" />
          <NumberField path={[...path, 'coresPerSocket']} label="Cores per socket" />
          <NumberField path={[...path, 'memoryMiB']} label="Memory" unit="MiB" />
          <LocalTextField path={[...path, 'description']} label="Description" wide />
          <Hardware path={path} />
        </>
      )}
    </ListEditor>
  );
}

function Hardware({ path }: { readonly path: readonly (string | number)[] }) {
  const { draft } = useEditorContext();
  const edit = useEdit();
  const controllers = listAt(draft, [...path, 'controllers']).map(idOf);
  const networks = listAt(draft, ['networks']).map((n) => String((n as { name?: unknown }).name ?? ''));
  const controllerChoices = controllers.map((id) => ({ value: id, label: id }));
  return (
    <div className="wide hardware">
      <h5>Controllers</h5>
      <ListEditor path={[...path, 'controllers']} noun="controller" title={(item) => idOf(item) || 'controller'} make={(items) => ({ id: nextId(items, 'scsi'), type: 'scsi' })} max={16}>
        {(at) => (
          <>
            <TextField path={[...at, 'id']} label="Identifier" />
            <SelectField path={[...at, 'type']} label="Type" />
            <SelectField path={[...at, 'model']} label="SCSI model" />
          </>
        )}
      </ListEditor>
      <h5>Disks</h5>
      <DisksForm path={[...path, 'disks']} controllers={controllerChoices} />
      <h5>CD/DVD drives</h5>
      <ImageDrop
        label="CD/DVD drives: drop ISO images here"
        takes="an ISO 9660 image"
        media
        onAdded={(iso) => {
          const drives = listAt(draft, [...path, 'media']);
          const controller = controllers[0] ?? '';
          const units = [...listAt(draft, [...path, 'disks']), ...drives];
          edit([...path, 'media', drives.length], { id: nextId(drives, 'cdrom'), source: iso.source, controller, unit: freeUnit(units, controller) });
        }}
      >
        {(choose) => (
          <ListEditor
            path={[...path, 'media']}
            noun="drive"
            empty="No CD/DVD drive."
            title={(item) => `${idOf(item) || 'drive'} · ${String((item as { source?: unknown }).source ?? '') || 'empty'}`}
            make={(items) => ({ id: nextId(items, 'cdrom'), controller: controllers[0] ?? '', unit: 1 })}
            max={8}
            actions={
              <button type="button" onClick={choose}>
                Add ISO image…
              </button>
            }
          >
            {(at) => (
              <>
                <TextField path={[...at, 'id']} label="Identifier" />
                <TextField path={[...at, 'source']} label="ISO image" placeholder="media/tools.iso" hint="Empty for a drive with no disc." />
                <SelectField path={[...at, 'controller']} label="Controller" choices={controllerChoices} />
                <NumberField path={[...at, 'unit']} label="Unit" />
              </>
            )}
          </ListEditor>
        )}
      </ImageDrop>
      <h5>Network adapters</h5>
      <ListEditor path={[...path, 'nics']} noun="network adapter" empty="No network adapter." title={(item, index) => `NIC ${index + 1} → ${String((item as { network?: unknown }).network ?? '')}`} make={() => ({ network: networks[0] ?? 'VM Network' })} max={16}>
        {(at) => (
          <>
            <SelectField path={[...at, 'network']} label="Network" choices={networks.map((name) => ({ value: name, label: name }))} />
            <SelectField path={[...at, 'model']} label="Adapter model" />
            <TextField path={[...at, 'mac']} label="MAC address" placeholder="00:50:56:00:00:01" />
          </>
        )}
      </ListEditor>
    </div>
  );
}
