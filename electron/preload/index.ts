// The only bridge between the sandboxed page and the main process: a typed invoke restricted to
// the contract's channels, and subscriptions to job events and open requests. Nothing else of
// ipcRenderer, Node or Electron reaches the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { JOB_EVENT, OPEN_PATHS_EVENT, isChannel, type ApplianceBridge, type JobEvent } from '../common/ipc.ts';

function subscribe<T>(eventName: string, listener: (value: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(eventName, wrapped);
  return () => ipcRenderer.removeListener(eventName, wrapped);
}

const bridge: ApplianceBridge = {
  invoke(channel, request) {
    if (!isChannel(channel)) return Promise.resolve({ ok: false, problem: { code: 'IPC_UNKNOWN_CHANNEL', kind: 'usage', message: `no such channel: ${String(channel)}` } });
    return ipcRenderer.invoke(channel, request);
  },
  onJobEvent: (listener) => subscribe<JobEvent>(JOB_EVENT, listener),
  onOpenPaths: (listener) => subscribe<readonly string[]>(OPEN_PATHS_EVENT, listener),
  pathForFile: (file) => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld('appliance', bridge);
