// The studio's keyboard shortcuts, on the window so they work wherever focus is. Ctrl+O belongs to
// the File menu's accelerator (electron/main/menu.ts): handling it here too would open two dialogs.
import { useEffect } from 'react';

export interface ShortcutActions {
  closeTab(): void;
  cycle(step: 1 | -1): void;
  /** 0 is Home, 1.. the file tabs in order. */
  goTo(index: number): void;
}

/** Shown on the home screen; kept beside the code that implements them. */
export const shortcutList: readonly (readonly [string, string])[] = [
  ['Ctrl+O', 'Open a file (File menu)'],
  ['Ctrl+W', 'Close the current tab'],
  ['Ctrl+Tab / Ctrl+Shift+Tab', 'Next / previous tab'],
  ['Alt+1 … Alt+9', 'Go to Home, then tab 1 to 8'],
];

export function useShortcuts(actions: ShortcutActions): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      let handled = true;
      if (command && key === 'w') actions.closeTab();
      else if (command && key === 'tab') actions.cycle(event.shiftKey ? -1 : 1);
      else if (event.altKey && /^[1-9]$/.test(event.key)) actions.goTo(Number(event.key) - 1);
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
