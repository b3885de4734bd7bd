// Opens a file through the main process: the report comes from the catalog when the file is
// unchanged, otherwise it is inspected now. `generation` > 0 asks for a fresh inspection.
import { useEffect, useState } from 'react';
import type { InspectionReport } from '../../../electron/common/inspection.ts';
import type { Problem } from '../../../electron/common/problem.ts';
import { BridgeError, invoke } from '../bridge.ts';

export type InspectionState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly report: InspectionReport; readonly fromCatalog: boolean }
  | { readonly status: 'failed'; readonly problem: Problem };

export function useInspection(path: string, generation: number): InspectionState {
  const [state, setState] = useState<InspectionState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    invoke('inspect:open', generation > 0 ? { path, refresh: true } : { path })
      .then(({ report, fromCatalog }) => current && setState({ status: 'ready', report, fromCatalog }))
      .catch((error: unknown) => {
        if (!current) return;
        const problem = error instanceof BridgeError ? error.problem : { code: 'INTERNAL', kind: 'internal' as const, message: String(error) };
        setState({ status: 'failed', problem });
      });
    return () => {
      current = false;
    };
  }, [path, generation]);
  return state;
}
