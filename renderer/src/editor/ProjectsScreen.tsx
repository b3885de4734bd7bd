// The projects start page: start a new appliance project from a short form (optionally from a disk
// image, chosen or dropped on the form), import an existing OVA/OVF/disk image, open a project, or
// pick a recent one from the catalog.
import { useEffect, useId, useState, type DragEvent, type FormEvent } from 'react';
import type { EditorVocabulary, ProjectRecent, ProjectSnapshot } from '../../../electron/common/ipc-project.ts';
import type { Progress } from '../../../electron/common/progress.ts';
import { JobProgress } from '../common/JobProgress.tsx';
import { BridgeError, invoke, pathForFile } from '../bridge.ts';
import { runJob } from './jobs.ts';
import './editor.css';

export function ProjectsScreen({ onOpenProject }: { readonly onOpenProject: (dir: string) => void }) {
  const id = useId();
  const [vocabulary, setVocabulary] = useState<EditorVocabulary>();
  const [recent, setRecent] = useState<readonly ProjectRecent[]>([]);
  const [dir, setDir] = useState('');
  const [name, setName] = useState('');
  const [vendor, setVendor] = useState('');
  const [os, setOs] = useState('linux-64');
  const [targets, setTargets] = useState<readonly string[]>(['vmware-esxi']);
  const [disk, setDisk] = useState('');
  const [progress, setProgress] = useState<Progress>();
  const [openPath, setOpenPath] = useState('');
  const [importSource, setImportSource] = useState('');
  const [importDir, setImportDir] = useState('');
  const [importProgress, setImportProgress] = useState<Progress>();
  const [notes, setNotes] = useState<readonly { readonly code: string; readonly message: string }[]>();
  const [error, setError] = useState<string>();

  const refreshRecent = () => void invoke('project:recent', { limit: 20 }).then((reply) => setRecent(reply.items));
  useEffect(() => {
    void invoke('project:vocabulary', {}).then(setVocabulary);
    refreshRecent();
  }, []);
  // This page stays open behind the project it opened; its recent list follows.
  const openProject = (dir: string) => {
    onOpenProject(dir);
    refreshRecent();
  };

  const fail = (e: unknown) => setError(e instanceof BridgeError ? e.problem.message : String(e));
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const request = { dir, name, os, targets: [...targets], ...(vendor ? { vendor } : {}) };
    try {
      const snapshot = disk ? await runJob<ProjectSnapshot>(invoke('project:createFromDisk', { ...request, disk }), setProgress) : await invoke('project:create', request);
      openProject(snapshot.dir);
    } catch (e) {
      fail(e);
    } finally {
      setProgress(undefined);
    }
  };
  const runImport = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setNotes(undefined);
    try {
      const imported = await runJob<{ snapshot: ProjectSnapshot; notes: readonly { code: string; message: string }[] }>(invoke('project:import', { source: importSource, dir: importDir }), setImportProgress);
      setNotes(imported.notes);
      openProject(imported.snapshot.dir);
    } catch (e) {
      fail(e);
    } finally {
      setImportProgress(undefined);
    }
  };
  const dropSource = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const [path] = [...event.dataTransfer.files].map((file) => pathForFile(file)).filter(Boolean);
    if (path) setImportSource(path);
  };
  const dropDisk = (event: DragEvent) => {
    // A disk image dropped on the form starts the project from it, rather than opening it for inspection.
    event.preventDefault();
    event.stopPropagation();
    const [path] = [...event.dataTransfer.files].map((file) => pathForFile(file)).filter(Boolean);
    if (path) setDisk(path);
  };
  const holdDrag = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
  };
  const open = async (path: string) => {
    setError(undefined);
    try {
      openProject((await invoke('project:open', { path })).dir);
    } catch (e) {
      fail(e);
    }
  };
  const choose = async () => {
    const { paths } = await invoke('dialog:open', { title: 'Open an appliance project (its appliance.yaml)' });
    if (paths[0]) await open(paths[0]);
  };

  return (
    <div className="projects-screen">
      {error && (
        <p className="problem-banner" role="alert">
          {error}
        </p>
      )}
      <div className="projects-columns">
        <form className="card new-project" onSubmit={(event) => void create(event)} aria-labelledby={`${id}-new`} onDragEnter={holdDrag} onDragOver={holdDrag} onDragLeave={holdDrag} onDrop={dropDisk}>
          <h2 id={`${id}-new`}>New appliance project</h2>
          <div className="field-grid">
            <div className="field wide">
              <label htmlFor={`${id}-dir`}>Project folder</label>
              <input id={`${id}-dir`} value={dir} required spellCheck={false} placeholder="/home/me/appliances/router" onChange={(e) => setDir(e.target.value)} />
              <p className="field-hint">Created if missing; appliance.yaml is written there.</p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-name`}>Product name</label>
              <input id={`${id}-name`} value={name} required onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-vendor`}>Vendor</label>
              <input id={`${id}-vendor`} value={vendor} onChange={(e) => setVendor(e.target.value)} />
            </div>
            <div className="field wide">
              <label htmlFor={`${id}-os`}>Guest OS</label>
              <select id={`${id}-os`} value={os} onChange={(e) => setOs(e.target.value)}>
                {vocabulary?.guestOs.map((g) => (
                  <option key={g.name} value={g.name}>
                    {g.description} ({g.name})
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-disk`}>Start from a disk image (optional)</label>
            <div className="path-input">
              <input id={`${id}-disk`} value={disk} spellCheck={false} placeholder="Drop a .vmdk, .vhd, .vhdx, .qcow2 or raw image on this form" onChange={(e) => setDisk(e.target.value)} />
              <button
                type="button"
                aria-label="Choose a disk image"
                onClick={() => void invoke('dialog:open', { title: 'Choose the system disk image' }).then(({ paths }) => paths[0] && setDisk(paths[0]), fail)}
              >
                Choose…
              </button>
            </div>
            <p className="field-hint">Copied into the project's disks/ folder and used as the system disk; without one, the system gets a blank 1 GiB disk.</p>
          </div>
          <fieldset className="target-choice">
            <legend>Targets</legend>
            {vocabulary?.targets.map((t) => (
              <label key={t.id} className="check" title={t.output}>
                <input type="checkbox" checked={targets.includes(t.id)} onChange={(e) => setTargets(e.target.checked ? [...targets, t.id] : targets.filter((x) => x !== t.id))} />
                {t.title}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary" disabled={!dir || !name || progress !== undefined}>
            Create project
          </button>
          {progress && <JobProgress progress={progress} label="Copying the disk image" />}
        </form>
        <div className="projects-side">
          <section className="card" aria-labelledby={`${id}-open`}>
            <h2 id={`${id}-open`}>Open a project</h2>
            <form
              className="path-input"
              onSubmit={(event) => {
                event.preventDefault();
                void open(openPath);
              }}
            >
              <label htmlFor={`${id}-open-path`} className="visually-hidden">
                Project folder or appliance.yaml
              </label>
              <input id={`${id}-open-path`} value={openPath} spellCheck={false} placeholder="Project folder or appliance.yaml" onChange={(e) => setOpenPath(e.target.value)} />
              <button type="submit" disabled={!openPath}>
                Open
              </button>
              <button type="button" onClick={() => void choose().catch(fail)}>
                Choose…
              </button>
            </form>
          </section>
          <form className="card import-form" aria-labelledby={`${id}-import`} onSubmit={(event) => void runImport(event)} onDragEnter={holdDrag} onDragOver={holdDrag} onDragLeave={holdDrag} onDrop={dropSource}>
            <h2 id={`${id}-import`}>Import an appliance</h2>
            <div className="field">
              <label htmlFor={`${id}-import-source`}>OVA, OVF or disk image</label>
              <div className="path-input">
                <input id={`${id}-import-source`} value={importSource} spellCheck={false} placeholder="Drop it on this card, or type its path" onChange={(e) => setImportSource(e.target.value)} />
                <button
                  type="button"
                  aria-label="Choose the appliance to import"
                  onClick={() => void invoke('dialog:open', { title: 'Choose an OVA, OVF or disk image to import' }).then(({ paths }) => paths[0] && setImportSource(paths[0]), fail)}
                >
                  Choose…
                </button>
              </div>
            </div>
            <div className="field">
              <label htmlFor={`${id}-import-dir`}>New project folder</label>
              <input id={`${id}-import-dir`} value={importDir} spellCheck={false} placeholder="A new or empty folder" onChange={(e) => setImportDir(e.target.value)} />
            </div>
            <button type="submit" disabled={!importSource || !importDir || importProgress !== undefined}>
              Import
            </button>
            {importProgress && <JobProgress progress={importProgress} label="Importing" />}
            {notes && (
              <div role="status" className="import-notes">
                {notes.length === 0 ? (
                  <p className="ok-note">Imported: everything in the source was carried over.</p>
                ) : (
                  <>
                    <p>Imported; not carried over (also listed at the top of appliance.yaml):</p>
                    <ul>
                      {notes.map((note) => (
                        <li key={`${note.code}-${note.message}`}>
                          {note.message} <code>{note.code}</code>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </div>
            )}
          </form>
          <section className="card" aria-labelledby={`${id}-recent`}>
            <h2 id={`${id}-recent`}>Recent projects</h2>
            {recent.length === 0 ? (
              <p className="muted">No project opened yet.</p>
            ) : (
              <ul className="recent-projects">
                {recent.map((item) => (
                  <li key={item.path}>
                    <button type="button" className="link" onClick={() => void open(item.path)}>
                      {item.name}
                    </button>
                    <span className="muted mono"> {item.path}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
