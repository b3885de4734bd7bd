// Where the studio keeps its state (catalog, logs, window state, trust store). The CLI and the
// GUI share it. APPLIANCE_STUDIO_HOME overrides it, which the tests use to stay in a temp folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function applianceHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.APPLIANCE_STUDIO_HOME) return env.APPLIANCE_STUDIO_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Appliance Studio');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Appliance Studio');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'appliance-studio');
}

export function catalogPath(home = applianceHome()): string {
  return join(home, 'catalog.db');
}

export function logDir(home = applianceHome()): string {
  return join(home, 'logs');
}
