// Electron's main process: one secure window, native menus, and the IPC handler table.
import { BrowserWindow, app, dialog, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { JOB_EVENT, OPEN_PATHS_EVENT, channels } from '../common/ipc.ts';
import { Catalog } from '../engine/catalog/catalog.ts';
import { isEngineError } from '../engine/errors.ts';
import { applianceHome, catalogPath } from '../engine/home.ts';
import { electronHost } from './electron-host.ts';
import { createHandlerTable } from './handlers.ts';
import { buildMenu } from './menu.ts';
import { loadWindowState, saveWindowState } from './window-state.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererPage = join(here, '../renderer/resources/index.html');
const preloadScript = join(here, '../preload/index.cjs');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  const home = applianceHome();
  const catalog = openCatalog(catalogPath(home));
  const stateFile = join(home, 'window-state.json');
  let mainWindow: BrowserWindow | undefined;
  const host = electronHost(() => mainWindow);

  const table = createHandlerTable({
    host,
    catalog,
    version: app.getVersion(),
    emitJobEvent: (event) => mainWindow?.webContents.send(JOB_EVENT, event),
  });
  for (const channel of channels) {
    ipcMain.handle(channel, (event, request: unknown) => {
      // Only our own page may call: not a frame that navigated elsewhere.
      if (event.senderFrame?.url !== pathToFileURL(rendererPage).href) {
        return { ok: false, problem: { code: 'IPC_FORBIDDEN_SENDER', kind: 'usage', message: 'request from an unknown page' } };
      }
      return table.dispatch(channel, request);
    });
  }

  lockDownSessions();

  const openPaths = (paths: readonly string[]) => {
    if (paths.length === 0) return;
    for (const path of paths) app.addRecentDocument(path);
    mainWindow?.webContents.send(OPEN_PATHS_EVENT, paths);
  };
  const refreshMenu = () => {
    const recent = catalog.recent(10).map((item) => item.path);
    const menu = buildMenu({ open: () => void host.chooseFiles({}).then(openPaths), openRecent: (path) => openPaths([path]) }, recent, () => mainWindow);
    app.applicationMenu = menu;
  };
  refreshMenu();

  const state = loadWindowState(stateFile);
  mainWindow = new BrowserWindow({
    ...state,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Appliance Studio',
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload: preloadScript,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  if (state.maximized) mainWindow.maximize();
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('close', () => {
    if (!mainWindow) return;
    saveWindowState(stateFile, { ...mainWindow.getNormalBounds(), maximized: mainWindow.isMaximized() });
  });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  mainWindow.webContents.on('did-finish-load', () => openPaths(filesFromArgv(process.argv)));
  // The renderer records what it opens in the catalog; refresh Open Recent when the user comes back.
  mainWindow.on('focus', refreshMenu);

  app.on('second-instance', (_event, argv) => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    openPaths(filesFromArgv(argv));
  });
  app.on('window-all-closed', () => {
    table.jobs.cancelAll();
    catalog.close();
    app.quit();
  });

  await mainWindow.loadFile(rendererPage);
}

function openCatalog(path: string): Catalog {
  try {
    return Catalog.open(path);
  } catch (error) {
    if (!isEngineError(error) || error.code !== 'CATALOG_CORRUPT') throw error;
    dialog.showErrorBox('The catalog was damaged', error.message);
    return Catalog.open(path);
  }
}

/** Refuses navigation, new windows, webviews and permission prompts in every web contents. */
function lockDownSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function filesFromArgv(argv: readonly string[]): string[] {
  // argv[0] is Electron, then (unpackaged) the app folder; anything that is not a flag is a file.
  const rest = argv.slice(app.isPackaged ? 1 : 2);
  return rest.filter((arg) => !arg.startsWith('-'));
}
