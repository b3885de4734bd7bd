import { dialog, safeStorage, shell, type BrowserWindow } from 'electron';
import type { Host } from './host.ts';

export function electronHost(window: () => BrowserWindow | undefined): Host {
  return {
    async chooseFiles({ title }) {
      const options: Electron.OpenDialogOptions = {
        title: title ?? 'Open an appliance, package or disk image',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Appliances and disks', extensions: ['ova', 'ovf', 'vmdk', 'vhd', 'vhdx', 'qcow2', 'iso', 'xva', 'img', 'raw', 'yaml'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    showItemInFolder(path) {
      shell.showItemInFolder(path);
    },
    sealSecret(secret) {
      return safeStorage.isEncryptionAvailable() ? safeStorage.encryptString(secret) : undefined;
    },
    unsealSecret(sealed) {
      return safeStorage.decryptString(Buffer.from(sealed));
    },
  };
}
