// Remembers the main window's bounds and maximised state between runs, in the studio's home.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const windowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(640).max(20000),
  height: z.number().int().min(480).max(20000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowState>;

export const defaultWindowState: WindowState = { width: 1280, height: 820, maximized: false };

export function loadWindowState(file: string): WindowState {
  try {
    return windowState.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return defaultWindowState;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state));
}
