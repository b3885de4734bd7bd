// A file tab: loading, then the report, or a human explanation when the file cannot be opened.
import { useState } from 'react';
import { ProblemBanner } from '../common/ProblemBanner.tsx';
import { ErrorBoundary } from '../shell/ErrorBoundary.tsx';
import { InspectionView } from './InspectionView.tsx';
import { useInspection } from './useInspection.ts';

export function InspectionTab({ path }: { readonly path: string }) {
  const [generation, setGeneration] = useState(0);
  const state = useInspection(path, generation);
  if (state.status === 'loading') {
    return (
      <p role="status" className="loading">
        Inspecting {path}…
      </p>
    );
  }
  if (state.status === 'failed') return <ProblemBanner title="This file could not be opened" problem={state.problem} />;
  const reinspect = () => setGeneration((n) => n + 1);
  // A new inspection is a new report: the view starts over (section, verification). A report the
  // view cannot draw (a damaged catalog record) is replaced by a fresh inspection on request.
  return (
    <ErrorBoundary what={state.report.name} retry={{ label: 'Inspect the file again', run: reinspect }}>
      <InspectionView key={state.report.inspectedAt} report={state.report} fromCatalog={state.fromCatalog} onReinspect={reinspect} />
    </ErrorBoundary>
  );
}
