import { Menu, app, dialog, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

export interface MenuActions {
  open(): void;
  openRecent(path: string): void;
}

export function buildMenu(actions: MenuActions, recent: readonly string[], window: () => BrowserWindow | undefined): Menu {
  const isMac = process.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.slice(0, 10).map((path) => ({ label: basename(path), sublabel: path, click: () => actions.openRecent(path) }))
    : [{ label: 'No recent items', enabled: false }];
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'About Appliance Studio',
          click: () => {
            const options = { type: 'info' as const, title: 'About Appliance Studio', message: `Appliance Studio ${app.getVersion()}`, detail: `Electron ${process.versions.electron}, Node ${process.versions.node}, Chromium ${process.versions.chrome}` };
            const parent = window();
            void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
          },
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
