// The renderer's typed client over window.appliance (put there by the preload, or by the
// end-to-end harness). Errors arrive as Problems and are turned into BridgeError for components.
import type { ApplianceBridge, Channel, JobEvent, RequestOf, ResponseOf } from '../../electron/common/ipc.ts';
import { formatProblem, type Problem } from '../../electron/common/problem.ts';

declare global {
  interface Window {
    readonly appliance?: ApplianceBridge;
  }
}

export class BridgeError extends Error {
  constructor(readonly problem: Problem) {
    super(formatProblem(problem));
  }
}

function bridge(): ApplianceBridge {
  if (!window.appliance) throw new Error('The studio bridge is missing: open this page through Appliance Studio.');
  return window.appliance;
}

export async function invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const reply = await bridge().invoke(channel, request);
  if (!reply.ok) throw new BridgeError(reply.problem);
  return reply.value;
}

export function onJobEvent(listener: (event: JobEvent) => void): () => void {
  return bridge().onJobEvent(listener);
}

export function onOpenPaths(listener: (paths: readonly string[]) => void): () => void {
  return bridge().onOpenPaths(listener);
}

export function pathForFile(file: File): string {
  return bridge().pathForFile(file);
}
