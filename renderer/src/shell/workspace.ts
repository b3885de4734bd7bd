// The studio's open tabs as plain readonly data, changed only by the pure functions below (one
// reducer, one dispatcher). A tab names its screen, so a second kind of main screen (the project
// editor) is one more `kind` and one more case in Screen.tsx.
export type TabKind = 'inspect' | 'projects' | 'project';

export interface Tab {
  /** Stable key: the kind and the path. */
  readonly id: string;
  readonly kind: TabKind;
  readonly path: string;
  readonly title: string;
}

export interface Workspace {
  readonly tabs: readonly Tab[];
  /** The id of the tab on screen, or 'home'. */
  readonly active: string;
}

export type WorkspaceAction =
  | { readonly type: 'open'; readonly kind: TabKind; readonly paths: readonly string[] }
  | { readonly type: 'close'; readonly id: string }
  | { readonly type: 'activate'; readonly id: string }
  | { readonly type: 'cycle'; readonly step: 1 | -1 };

export const HOME = 'home';
export const emptyWorkspace: Workspace = { tabs: [], active: HOME };

/** The last part of a path, whichever separator the platform used. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.at(-1) ?? path;
}

export function workspaceReducer(state: Workspace, action: WorkspaceAction): Workspace {
  switch (action.type) {
    case 'open': {
      if (action.paths.length === 0) return state;
      const tabs = [...state.tabs];
      for (const path of action.paths) {
        const id = `${action.kind}:${path}`;
        if (!tabs.some((tab) => tab.id === id)) tabs.push({ id, kind: action.kind, path, title: baseName(path) });
      }
      // The last file asked for comes to the front, already open or not.
      return { tabs, active: `${action.kind}:${action.paths.at(-1)}` };
    }
    case 'close': {
      const index = state.tabs.findIndex((tab) => tab.id === action.id);
      if (index < 0) return state;
      const tabs = state.tabs.filter((tab) => tab.id !== action.id);
      if (state.active !== action.id) return { ...state, tabs };
      const neighbour = tabs[Math.min(index, tabs.length - 1)];
      return { tabs, active: neighbour?.id ?? HOME };
    }
    case 'activate':
      return action.id === HOME || state.tabs.some((tab) => tab.id === action.id) ? { ...state, active: action.id } : state;
    case 'cycle': {
      const order = [HOME, ...state.tabs.map((tab) => tab.id)];
      const at = order.indexOf(state.active);
      const next = order[(at + action.step + order.length) % order.length] ?? HOME;
      return { ...state, active: next };
    }
  }
}
