// A drop zone for images around a list (disks, CD/DVD drives): files dropped here, or chosen with
// the button the list shows, are brought into the project by the main process with progress, and
// each one is handed to the list once the engine has read it.
import { useState, type DragEvent, type ReactNode } from 'react';
import type { AddedDisk } from '../../../electron/common/ipc-project.ts';
import type { Progress } from '../../../electron/common/progress.ts';
import { JobProgress } from '../common/JobProgress.tsx';
import { BridgeError, invoke, pathForFile } from '../bridge.ts';
import { useEditorContext } from './context.ts';
import { runJob } from './jobs.ts';

interface Props {
  /** The zone's accessible name, e.g. "Disks: drop disk images here". */
  readonly label: string;
  /** What the zone takes, for the hint and for errors: "a raw, VMDK, VHD, VHDX or qcow2 image". */
  readonly takes: string;
  readonly media?: boolean;
  readonly onAdded: (image: AddedDisk) => void;
  /** The list, given the function that opens the file dialog. */
  readonly children: (choose: () => void) => ReactNode;
}

export function ImageDrop({ label, takes, media, onAdded, children }: Props) {
  const { dir } = useEditorContext();
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<Progress>();
  const [error, setError] = useState<string>();

  const bringIn = async (paths: readonly string[]) => {
    setError(undefined);
    for (const source of paths) {
      try {
        onAdded(await runJob<AddedDisk>(invoke('project:addDisk', { dir, source, ...(media ? { media } : {}) }), setProgress));
      } catch (e) {
        setError(e instanceof BridgeError ? `${source}: ${e.problem.message}. Drop ${takes}.` : String(e));
      } finally {
        setProgress(undefined);
      }
    }
  };
  const choose = () =>
    void invoke('dialog:open', { title: `Choose ${takes}` }).then(
      ({ paths }) => bringIn(paths),
      (e: unknown) => setError(String(e)),
    );

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
      onDrop={(event) => {
        holdDrag(event);
        setOver(false);
        void bringIn([...event.dataTransfer.files].map((file) => pathForFile(file)).filter(Boolean));
      }}
      aria-label={label}
      role="group"
    >
      {children(choose)}
      {progress && <JobProgress progress={progress} label="Copying the image into the project" />}
      {error && (
        <p className="field-issue" role="alert">
          {error}
        </p>
      )}
      <p className="drop-hint muted">Drop {takes} here; images outside the project are copied into its {media ? 'media' : 'disks'}/ folder.</p>
    </div>
  );
}

/** The window's own drag handling opens files for inspection; a drag over this zone is for the list only. */
function holdDrag(event: DragEvent): void {
  event.preventDefault();
  event.stopPropagation();
}
