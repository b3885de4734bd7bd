// The project editor: section list on the left, the section's forms in the middle, the targets
// panel always on the right, and a header with the save state and undo/redo. The Properties
// section shows the designer beside the live deploy-form preview.
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { EditorVocabulary, IdentitySummary, ProjectCheck, ProjectSnapshot, TargetFinding } from '../../../electron/common/ipc-project.ts';
import { draftPathOf } from '../../../electron/common/ipc-project.ts';
import { formatProblem } from '../../../electron/common/problem.ts';
import { invoke } from '../bridge.ts';
import { BuildPanel } from './BuildPanel.tsx';
import { EditorContext, type EditorContextValue } from './context.ts';
import { DeploymentOptionsForm } from './DeploymentOptionsForm.tsx';
import { DeployPreview } from './DeployPreview.tsx';
import { getIn } from './draft.ts';
import { hasUnsavedWork, type EditorState } from './editor-state.ts';
import { EulaForm } from './EulaForm.tsx';
import { FilesForm } from './FilesForm.tsx';
import { IdentitiesPanel } from './IdentitiesPanel.tsx';
import { NetworksForm } from './NetworksForm.tsx';
import { ProductForm } from './ProductForm.tsx';
import { PropertiesDesigner } from './PropertiesDesigner.tsx';
import { StartupForm } from './StartupForm.tsx';
import { SystemsForm } from './SystemsForm.tsx';
import { TargetsPanel } from './TargetsPanel.tsx';
import { markUnsaved } from './unsaved.ts';
import { useEditor } from './useEditor.ts';
import './editor.css';

const sections = [
  { id: 'product', title: 'Product', keys: ['product', 'format'] },
  { id: 'eulas', title: 'Licences', keys: ['eulas'] },
  { id: 'systems', title: 'Systems & hardware', keys: ['systems'] },
  { id: 'networks', title: 'Networks', keys: ['networks'] },
  { id: 'startup', title: 'Start-up order', keys: ['startup'] },
  { id: 'options', title: 'Deployment options', keys: ['deploymentOptions'] },
  { id: 'properties', title: 'Properties', keys: ['properties'] },
  { id: 'files', title: 'Extra files', keys: ['files'] },
  { id: 'signing', title: 'Signing', keys: [] },
  { id: 'build', title: 'Build', keys: ['targets'] },
] as const;
type SectionId = (typeof sections)[number]['id'];

interface Props {
  readonly snapshot: ProjectSnapshot;
  readonly vocabulary: EditorVocabulary;
  readonly onInspect: (path: string) => void;
  readonly initialSection?: SectionId;
}

export function ProjectEditor({ snapshot, vocabulary, onInspect, initialSection }: Props) {
  const { state, dispatch, reload } = useEditor(snapshot);
  const [section, setSection] = useState<SectionId>(initialSection ?? 'product');
  const [identities, setIdentities] = useState<readonly IdentitySummary[]>([]);
  const refreshIdentities = useCallback(() => void invoke('identity:list', {}).then((r) => setIdentities(r.identities)), []);
  useEffect(refreshIdentities, [refreshIdentities]);

  useEffect(() => {
    markUnsaved(state.dir, hasUnsavedWork(state));
  }, [state]);
  useEffect(() => () => markUnsaved(snapshot.dir, false), [snapshot.dir]);

  const current = state.checkedDraft === state.draft ? state.check : undefined;
  // Fields show the rules of the targets the project builds; the targets panel shows every target.
  const relevant = useMemo(() => (current ? relevantFindings(current) : []), [current]);
  const context = useMemo<EditorContextValue>(
    () => ({ dir: state.dir, draft: state.draft, vocabulary, issues: current?.issues ?? [], findings: relevant, dispatch }),
    [state.dir, state.draft, vocabulary, current, relevant, dispatch],
  );
  const counts = useMemo(() => countsBySection(state), [state]);

  const show = (finding: TargetFinding) => {
    const path = draftPathOf(finding.location);
    const target = sections.find((s) => (s.keys as readonly string[]).includes(String(path[0])));
    if (target) setSection(target.id);
    // After the section renders, focus the field the finding points at (or its nearest parent).
    requestAnimationFrame(() => {
      for (let depth = path.length; depth > 0; depth -= 1) {
        const field = document.querySelector<HTMLElement>(`[data-path="${path.slice(0, depth).join('.')}"] :is(input, select)`);
        if (field) {
          field.focus();
          return;
        }
      }
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // The deploy preview is a scratch form, not the project: its boxes keep their own undo.
    if (!(event.ctrlKey || event.metaKey) || (event.target as Element).closest('.deploy-preview')) return;
    const key = event.key.toLowerCase();
    // The editor's undo spans every field, so the inputs' own undo is replaced rather than mixed in.
    if (key === 'z' && !event.shiftKey) dispatch({ type: 'undo' });
    else if ((key === 'z' && event.shiftKey) || key === 'y') dispatch({ type: 'redo' });
    else return;
    event.preventDefault();
  };

  const name = String(getIn(state.draft, ['product', 'name']) ?? '') || 'Untitled appliance';
  return (
    <EditorContext.Provider value={context}>
      <div className="editor" onKeyDown={onKeyDown}>
        <header className="editor-head">
          <div className="editor-title">
            <h2>{name}</h2>
            <p className="muted mono" title={state.file}>
              {state.file}
            </p>
          </div>
          <SaveState state={state} />
          <div className="editor-actions">
            <button type="button" onClick={() => dispatch({ type: 'undo' })} disabled={state.past.length === 0} title="Undo (Ctrl+Z)">
              Undo
            </button>
            <button type="button" onClick={() => dispatch({ type: 'redo' })} disabled={state.future.length === 0} title="Redo (Ctrl+Shift+Z)">
              Redo
            </button>
          </div>
        </header>
        {state.save.kind === 'conflict' && (
          <div className="conflict" role="alert">
            <p>
              <strong>appliance.yaml was changed outside the studio.</strong> Reload it to take those changes (your edits stay in Undo), or keep your version and write it over them.
            </p>
            <div className="list-actions">
              <button type="button" className="primary" onClick={() => void reload()}>
                Reload from disk
              </button>
              <button type="button" onClick={() => dispatch({ type: 'keepMine' })}>
                Keep my version
              </button>
            </div>
          </div>
        )}
        <div className="editor-body">
          <nav className="editor-nav" aria-label="Project sections">
            <ul>
              {sections.map((s) => (
                <li key={s.id}>
                  <button type="button" className={section === s.id ? 'active' : ''} aria-current={section === s.id ? 'page' : undefined} onClick={() => setSection(s.id)}>
                    <span>{s.title}</span>
                    {(counts[s.id] ?? 0) > 0 && (
                      <span className="count" aria-label={`${counts[s.id]} to look at`}>
                        {counts[s.id]}
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <section className={`editor-main section-${section}`} aria-label={sections.find((s) => s.id === section)?.title}>
            <h3>{sections.find((s) => s.id === section)?.title}</h3>
            {section === 'product' && <ProductForm />}
            {section === 'eulas' && <EulaForm />}
            {section === 'systems' && <SystemsForm />}
            {section === 'networks' && <NetworksForm />}
            {section === 'startup' && <StartupForm />}
            {section === 'options' && <DeploymentOptionsForm />}
            {section === 'properties' && (
              <div className="properties-layout">
                <PropertiesDesigner />
                <DeployPreview />
              </div>
            )}
            {section === 'files' && <FilesForm />}
            {section === 'signing' && <IdentitiesPanel identities={identities} onChanged={refreshIdentities} />}
            {section === 'build' && <BuildPanel dir={state.dir} targets={current?.targets ?? []} identities={identities} ready={state.save.kind === 'saved'} onInspect={onInspect} />}
          </section>
          <aside className="editor-targets" aria-labelledby="targets-title">
            <h3 id="targets-title">Targets</h3>
            <TargetsPanel check={current ?? state.check} onShow={show} />
          </aside>
        </div>
      </div>
    </EditorContext.Provider>
  );
}

function SaveState({ state }: { readonly state: EditorState }) {
  const text = {
    saved: 'All changes saved',
    pending: 'Unsaved changes…',
    saving: 'Saving…',
    invalid: 'Not saved: fix the highlighted fields',
    failed: state.save.kind === 'failed' ? `Not saved: ${formatProblem(state.save.problem)}` : '',
    conflict: 'Changed on disk',
  }[state.save.kind];
  return (
    <p className={`save-state save-${state.save.kind}`} role="status" aria-live="polite">
      {text}
    </p>
  );
}

/** Schema issues and target errors per section, for the badges in the section list. */
function countsBySection(state: EditorState): Partial<Record<SectionId, number>> {
  const counts: Partial<Record<SectionId, number>> = {};
  const check = state.check;
  if (!check) return counts;
  const paths = [...check.issues.map((i) => i.path), ...relevantFindings(check).filter((f) => f.severity === 'error').map((f) => draftPathOf(f.location))];
  for (const path of paths) {
    const section = sections.find((s) => (s.keys as readonly string[]).includes(String(path[0])));
    if (section) counts[section.id] = (counts[section.id] ?? 0) + 1;
  }
  return counts;
}

/** Project-wide findings and those of the targets the project builds. */
function relevantFindings(check: ProjectCheck): TargetFinding[] {
  const built = new Set(check.targets.filter((t) => t.selected).map((t) => t.id));
  return check.findings.filter((f) => f.target === undefined || built.has(f.target));
}
