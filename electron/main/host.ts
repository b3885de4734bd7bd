// What the handler table needs from the desktop around it. Electron's main process provides the
// real one (electron-host.ts); the end-to-end tests provide a scripted one.
export interface Host {
  /** Asks the user for files to open; resolves to the chosen paths (empty when cancelled). */
  chooseFiles(options: { title?: string }): Promise<string[]>;
  /** Reveals a file in the system's file manager. */
  showItemInFolder(path: string): void;
  /** Seals a secret with the desktop's secret store (Electron safeStorage); undefined when there is none. */
  sealSecret(secret: string): Uint8Array | undefined;
  /** Opens what sealSecret returned. */
  unsealSecret(sealed: Uint8Array): string;
}
