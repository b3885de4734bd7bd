// A file tab: loading, then the report, or a human explanation when the file cannot be opened.
import { useState } from 'react';
import { ProblemBanner } from '../common/ProblemBanner.tsx';
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
  // A new inspection is a new report: the view starts over (section, verification).
  return <InspectionView key={state.report.inspectedAt} report={state.report} fromCatalog={state.fromCatalog} onReinspect={() => setGeneration((n) => n + 1)} />;
}
