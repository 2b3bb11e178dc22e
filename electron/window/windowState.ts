/**
 * Where the window opens: the size and position it had when it was last closed, as long as that
 * is still on a display the user can see (a monitor unplugged since would otherwise hide the
 * window off-screen). Pure logic on plain rectangles; rememberWindowState.ts connects it to a
 * BrowserWindow, `screen` and the settings store.
 *
 * What is stored is the window's normal bounds (Electron's getNormalBounds: the size it returns
 * to when un-maximized or restored) plus whether it was maximized; the bounds of a minimized,
 * maximized or full-screen window are never stored, so un-maximizing after a restart goes back to
 * a real size.
 */
import * as v from 'valibot';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

/** Where to open: no x/y means "let the OS place it" (centred on the primary display). */
export interface WindowPlacement {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1100, height: 760 } as const;
export const MIN_SIZE = { width: 640, height: 480 } as const;
/** At least this much of the window (its top-left part, where the title bar is) must be seen. */
const MIN_VISIBLE = { width: 160, height: 48 } as const;

const int = v.pipe(v.number(), v.integer(), v.minValue(-100_000), v.maxValue(100_000));
const stateSchema = v.object({
  bounds: v.object({ x: int, y: int, width: int, height: int }),
  maximized: v.boolean(),
});

/** The settings key the state is stored under. */
export const WINDOW_STATE_KEY = 'window.state';

/**
 * The placement for a new window, from what was stored (anything: a hand-edited or older file is
 * possible) and the work areas of the displays now connected.
 */
export function placeWindow(stored: unknown, workAreas: readonly Rectangle[]): WindowPlacement {
  const parsed = v.safeParse(stateSchema, stored);
  if (!parsed.success) return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  const { bounds, maximized } = parsed.output;
  // Never larger than the largest display (when one is known), never below the minimum size.
  const maxWidth = Math.max(MIN_SIZE.width, ...workAreas.map((area) => area.width));
  const maxHeight = Math.max(MIN_SIZE.height, ...workAreas.map((area) => area.height));
  const width = clamp(bounds.width, MIN_SIZE.width, workAreas.length ? maxWidth : Infinity);
  const height = clamp(bounds.height, MIN_SIZE.height, workAreas.length ? maxHeight : Infinity);
  const sized = { x: bounds.x, y: bounds.y, width, height };
  const home = workAreas.find((area) => visibleEnough(sized, area));
  if (home === undefined) return { bounds: { width, height }, maximized };
  // Pulled fully inside the display it is mostly on, where it fits.
  const x = clamp(sized.x, home.x, home.x + Math.max(0, home.width - width));
  const y = clamp(sized.y, home.y, home.y + Math.max(0, home.height - height));
  return { bounds: { x, y, width, height }, maximized };
}

/** What to store for a window, or null when nothing should be stored (e.g. it is full screen). */
export function captureWindowState(window: {
  normalBounds: Rectangle;
  maximized: boolean;
  fullScreen: boolean;
}): WindowState | null {
  if (window.fullScreen) return null;
  const { x, y, width, height } = window.normalBounds;
  if (![x, y, width, height].every(Number.isInteger) || width <= 0 || height <= 0) return null;
  return { bounds: { x, y, width, height }, maximized: window.maximized };
}

/** True when the window's title-bar corner overlaps the area by at least MIN_VISIBLE. */
function visibleEnough(window: Rectangle, area: Rectangle): boolean {
  const overlapWidth =
    Math.min(window.x + window.width, area.x + area.width) - Math.max(window.x, area.x);
  const titleBottom = window.y + MIN_VISIBLE.height;
  const overlapHeight = Math.min(titleBottom, area.y + area.height) - Math.max(window.y, area.y);
  return overlapWidth >= MIN_VISIBLE.width && overlapHeight >= MIN_VISIBLE.height;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
