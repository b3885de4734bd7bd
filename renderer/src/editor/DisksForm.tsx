// The disks of one system, each with the format and sizes the disk engine detects in its image. A
// disk image dropped here (or chosen) becomes a new disk on the first free unit; a disk without an
// image is a blank disk of the given capacity.
import { useEffect, useState } from 'react';
import type { DiskInfo, DraftPath, ProjectDraft } from '../../../electron/common/ipc-project.ts';
import { formatBytes } from '../../../electron/common/progress.ts';
import { invoke } from '../bridge.ts';
import { useEditorContext, useEdit } from './context.ts';
import { getIn, listAt } from './draft.ts';
import { CheckField, ChecklistField, NumberField, SelectField, TextField } from './Field.tsx';
import { ImageDrop } from './ImageDrop.tsx';
import { ListEditor, nextId } from './ListEditor.tsx';

interface Props {
  readonly path: DraftPath;
  readonly controllers: readonly { readonly value: string; readonly label: string }[];
}

export function DisksForm({ path, controllers }: Props) {
  const { dir, draft } = useEditorContext();
  const options = optionIds(draft);
  const edit = useEdit();
  const [known, setKnown] = useState<Readonly<Record<string, DiskInfo>>>({});
  const sources = listAt(draft, path)
    .map((d) => (d as { source?: unknown }).source)
    .filter((s): s is string => typeof s === 'string' && s !== '');
  const unknown = sources.filter((s) => !(s in known));
  useEffect(() => {
    if (unknown.length === 0) return;
    void invoke('project:diskInfo', { dir, sources: unknown }).then(({ disks }) => setKnown((current) => ({ ...current, ...Object.fromEntries(disks.map((d) => [d.source, d])) })));
  }, [dir, unknown.join('\n')]);

  return (
    <ImageDrop
      label="Disks: drop disk images here"
      takes="a raw, VMDK, VHD, VHDX or qcow2 disk image"
      onAdded={(disk) => {
        const disks = listAt(draft, path);
        const controller = controllers[0]?.value ?? '';
        edit([...path, disks.length], { id: nextId(disks, 'disk'), source: disk.source, controller, unit: freeUnit(disks, controller), ...(disks.length === 0 ? { boot: true } : {}) });
        setKnown((current) => ({ ...current, [disk.source]: disk }));
      }}
    >
      {(choose) => (
        <ListEditor
          path={path}
          noun="disk"
          empty="No disk. Drop a disk image here, choose one, or add a blank disk."
          title={(item) => {
            const source = String((item as { source?: unknown }).source ?? '');
            const info = known[source];
            const name = String((item as { id?: unknown }).id ?? 'disk');
            if (!source) return `${name} · blank`;
            if (!info) return `${name} · ${source}`;
            return 'problem' in info ? `${name} · ${source}: ${info.problem}` : `${name} · ${info.format}, ${formatBytes(info.virtualBytes)} virtual, ${formatBytes(info.fileBytes)} file`;
          }}
          make={(items) => ({ id: nextId(items, 'disk'), capacityMiB: 1024, controller: controllers[0]?.value ?? '', unit: items.length })}
          max={64}
          actions={
            <button type="button" onClick={choose}>
              Add disk image…
            </button>
          }
        >
          {(at) => (
            <>
              <TextField path={[...at, 'id']} label="Identifier" />
              <TextField path={[...at, 'source']} label="Image" placeholder="blank" />
              <NumberField path={[...at, 'capacityMiB']} label="Capacity" unit="MiB" />
              <SelectField path={[...at, 'controller']} label="Controller" choices={controllers} />
              <NumberField path={[...at, 'unit']} label="Unit" />
              <CheckField path={[...at, 'boot']} label="Boot disk" />
              {options.length > 0 && <DiskOptionFields at={at} options={options} />}
            </>
          )}
        </ListEditor>
      )}
    </ImageDrop>
  );
}

/** The first unit number on `controller` that no disk or drive of the list uses. */
export function freeUnit(items: readonly unknown[], controller: string): number {
  const used = new Set(items.filter((d) => (d as { controller?: unknown }).controller === controller).map((d) => Number((d as { unit?: unknown }).unit)));
  let unit = 0;
  while (used.has(unit)) unit += 1;
  return unit;
}

/** The ids of the project's deployment options, in order. */
export function optionIds(draft: ProjectDraft): string[] {
  return listAt(draft, ['deploymentOptions']).map((o) => String((o as { id?: unknown }).id ?? '')).filter((id) => id !== '');
}

/** Which options the disk exists in and, for a blank disk, its capacity under each of them. */
function DiskOptionFields({ at, options }: { readonly at: DraftPath; readonly options: readonly string[] }) {
  const { draft } = useEditorContext();
  const disk = (getIn(draft, at) ?? {}) as { source?: unknown; options?: unknown; optionCapacityMiB?: unknown };
  const listed = Array.isArray(disk.options) ? disk.options.map(String) : options;
  const sized = typeof disk.optionCapacityMiB === 'object' && disk.optionCapacityMiB !== null ? Object.keys(disk.optionCapacityMiB) : [];
  // A disk with an image shows sizes only when some are set, so the rule refusing them has a place to appear.
  const shown = !disk.source ? options.filter((o) => listed.includes(o)) : sized;
  return (
    <>
      <ChecklistField path={[...at, 'options']} label="In deployment options" choices={options.map((o) => ({ value: o, label: o }))} allMeansUnset wide hint="The options whose virtual machine gets this disk; all of them when every box is ticked." />
      {shown.map((option) => (
        <NumberField key={option} path={[...at, 'optionCapacityMiB', option]} label={`Capacity under ${option}`} unit="MiB" hint="Empty: the capacity above." />
      ))}
    </>
  );
}
