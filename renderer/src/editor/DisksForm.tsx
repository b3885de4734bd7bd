// The disks of one system, each with the format and sizes the disk engine detects in its image. A
// disk image dropped here (or chosen) is brought into the project by the main process; a disk
// without an image is a blank disk of the given capacity.
import { useEffect, useState, type DragEvent } from 'react';
import type { AddedDisk, DiskInfo, DraftPath } from '../../../electron/common/ipc-project.ts';
import { formatBytes, formatProgress, type Progress } from '../../../electron/common/progress.ts';
import { BridgeError, invoke, pathForFile } from '../bridge.ts';
import { useEditorContext, useEdit } from './context.ts';
import { listAt } from './draft.ts';
import { CheckField, NumberField, SelectField, TextField } from './Field.tsx';
import { ListEditor, nextId } from './ListEditor.tsx';
import { runJob } from './jobs.ts';

interface Props {
  readonly path: DraftPath;
  readonly controllers: readonly { readonly value: string; readonly label: string }[];
}

export function DisksForm({ path, controllers }: Props) {
  const { dir, draft } = useEditorContext();
  const edit = useEdit();
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<Progress>();
  const [error, setError] = useState<string>();
  const [added, setAdded] = useState<Readonly<Record<string, DiskInfo>>>({});
  const sources = listAt(draft, path)
    .map((d) => (d as { source?: unknown }).source)
    .filter((s): s is string => typeof s === 'string' && s !== '');
  const unknown = sources.filter((s) => !(s in added));
  useEffect(() => {
    if (unknown.length === 0) return;
    void invoke('project:diskInfo', { dir, sources: unknown }).then(({ disks }) => setAdded((current) => ({ ...current, ...Object.fromEntries(disks.map((d) => [d.source, d])) })));
  }, [dir, unknown.join('\n')]);

  const addImages = async (paths: readonly string[]) => {
    setError(undefined);
    for (const source of paths) {
      try {
        const disk = await runJob<AddedDisk>(invoke('project:addDisk', { dir, source }), setProgress);
        const disks = listAt(draft, path);
        const controller = controllers[0]?.value ?? '';
        const used = new Set(disks.filter((d) => (d as { controller?: unknown }).controller === controller).map((d) => Number((d as { unit?: unknown }).unit)));
        let unit = 0;
        while (used.has(unit)) unit += 1;
        edit([...path, disks.length], { id: nextId(disks, 'disk'), source: disk.source, controller, unit, ...(disks.length === 0 ? { boot: true } : {}) });
        setAdded((current) => ({ ...current, [disk.source]: disk }));
      } catch (e) {
        setError(e instanceof BridgeError ? `${source}: ${e.problem.message}. Drop a raw, VMDK, VHD, VHDX or qcow2 image.` : String(e));
      } finally {
        setProgress(undefined);
      }
    }
  };

  const onDrop = (event: DragEvent) => {
    holdDrag(event);
    setOver(false);
    const paths = [...event.dataTransfer.files].map((file) => pathForFile(file)).filter(Boolean);
    void addImages(paths);
  };

  return (
    <div
      className={`disk-drop${over ? ' over' : ''}`}
      onDragEnter={holdDrag}
      onDragOver={(event) => {
        holdDrag(event);
        setOver(true);
      }}
      onDragLeave={(event) => {
        holdDrag(event);
        setOver(false);
      }}
      onDrop={onDrop}
      aria-label="Disks: drop disk images here"
      role="group"
    >
      <ListEditor
        path={path}
        noun="disk"
        empty="No disk. Drop a disk image here, choose one, or add a blank disk."
        title={(item) => {
          const source = String((item as { source?: unknown }).source ?? '');
          const info = added[source];
          const name = String((item as { id?: unknown }).id ?? 'disk');
          if (!source) return `${name} · blank`;
          if (!info) return `${name} · ${source}`;
          return 'problem' in info ? `${name} · ${source}: ${info.problem}` : `${name} · ${info.format}, ${formatBytes(info.virtualBytes)} virtual, ${formatBytes(info.fileBytes)} file`;
        }}
        make={(items) => ({ id: nextId(items, 'disk'), capacityMiB: 1024, controller: controllers[0]?.value ?? '', unit: items.length })}
        max={64}
        actions={
          <button
            type="button"
            onClick={() =>
              void invoke('dialog:open', { title: 'Choose a disk image' }).then(
                ({ paths }) => addImages(paths),
                (e: unknown) => setError(String(e)),
              )
            }
          >
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
          </>
        )}
      </ListEditor>
      {progress && (
        <div className="job" role="status">
          <progress max={progress.bytesTotal || 1} value={progress.bytesDone} aria-label="Copying the disk image" />
          <span className="muted">{formatProgress(progress)}</span>
        </div>
      )}
      {error && (
        <p className="field-issue" role="alert">
          {error}
        </p>
      )}
      <p className="drop-hint muted">Drop .vmdk, .vhd, .vhdx, .qcow2 or raw images here; images outside the project are copied into disks/.</p>
    </div>
  );
}

/** The window's own drag handling opens files for inspection; a drag over this list is for the list only. */
function holdDrag(event: DragEvent): void {
  event.preventDefault();
  event.stopPropagation();
}
