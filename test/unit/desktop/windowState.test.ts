/**
 * Window size and position: restored where they were, pulled back onto a display that is still
 * there, never from a minimized, maximized or full-screen size; and stored when the window closes.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { SettingsStore } from '../../../electron/core/platform.js';
import {
  rememberWindowState,
  storedPlacement,
} from '../../../electron/window/rememberWindowState.js';
import {
  captureWindowState,
  DEFAULT_SIZE,
  placeWindow,
  WINDOW_STATE_KEY,
} from '../../../electron/window/windowState.js';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const monitorOnTheRight = { x: 1920, y: 0, width: 2560, height: 1410 };
const stored = (x: number, y: number, width: number, height: number, maximized = false) => ({
  bounds: { x, y, width, height },
  maximized,
});

describe('placeWindow', () => {
  it('opens at the default size, placed by the OS, when nothing is stored', () => {
    expect(placeWindow(undefined, [laptop])).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  });

  it.each([
    ['a string', 'big'],
    ['a missing field', { bounds: { x: 0, y: 0, width: 800 }, maximized: false }],
    ['fractions', stored(0.5, 0, 800, 600)],
    ['absurd numbers', stored(0, 0, 1e9, 600)],
    ['no maximized flag', { bounds: { x: 0, y: 0, width: 800, height: 600 } }],
  ])('opens at the default size when the stored state has %s', (_what, value) => {
    expect(placeWindow(value, [laptop])).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  });

  it('restores the stored size and position on a display that is still there', () => {
    expect(placeWindow(stored(2100, 100, 1200, 900), [laptop, monitorOnTheRight])).toEqual({
      bounds: { x: 2100, y: 100, width: 1200, height: 900 },
      maximized: false,
    });
  });

  it('restores a maximized window as maximized, over its normal bounds', () => {
    expect(placeWindow(stored(100, 100, 1000, 700, true), [laptop])).toEqual({
      bounds: { x: 100, y: 100, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('lets the OS place it when the display it was on is gone, keeping its size', () => {
    expect(placeWindow(stored(2100, 100, 1200, 900), [laptop])).toEqual({
      bounds: { width: 1200, height: 900 },
      maximized: false,
    });
  });

  it('lets the OS place it when only a sliver would show, or its title bar is above the screen', () => {
    expect(placeWindow(stored(1850, 100, 1000, 700), [laptop]).bounds).not.toHaveProperty('x');
    expect(placeWindow(stored(100, -600, 1000, 700), [laptop]).bounds).not.toHaveProperty('y');
  });

  it('pulls a window that hangs over an edge fully onto its display', () => {
    expect(placeWindow(stored(1500, 800, 1000, 700), [laptop]).bounds).toEqual({
      x: 920,
      y: 350,
      width: 1000,
      height: 700,
    });
  });

  it('shrinks a window larger than any display, and grows one below the minimum size', () => {
    expect(placeWindow(stored(0, 0, 5000, 3000), [laptop]).bounds).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1050,
    });
    expect(placeWindow(stored(10, 10, 100, 50), [laptop]).bounds).toEqual({
      x: 10,
      y: 10,
      width: 640,
      height: 480,
    });
  });

  it('opens at the stored size, placed by the OS, when no display is reported', () => {
    expect(placeWindow(stored(10, 10, 800, 600), [])).toEqual({
      bounds: { width: 800, height: 600 },
      maximized: false,
    });
  });
});

describe('captureWindowState', () => {
  it('stores the normal bounds and the maximized flag', () => {
    expect(
      captureWindowState({
        normalBounds: { x: 5, y: 6, width: 900, height: 700 },
        maximized: true,
        fullScreen: false,
      }),
    ).toEqual(stored(5, 6, 900, 700, true));
  });

  it('stores nothing for a full-screen window or nonsense bounds', () => {
    const normalBounds = { x: 5, y: 6, width: 900, height: 700 };
    expect(captureWindowState({ normalBounds, maximized: false, fullScreen: true })).toBeNull();
    expect(
      captureWindowState({
        normalBounds: { ...normalBounds, width: 0 },
        maximized: false,
        fullScreen: false,
      }),
    ).toBeNull();
  });
});

function memorySettings(): SettingsStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (key) => data.get(key),
    set: (key, value) => void data.set(key, value),
    delete: (key) => void data.delete(key),
  };
}

describe('rememberWindowState', () => {
  function fakeWindow(facts: { maximized: boolean; minimized?: boolean }) {
    const events = new EventEmitter();
    return Object.assign(events, {
      // A minimized or maximized window still reports its normal bounds here, as Electron's does.
      getNormalBounds: () => ({ x: 40, y: 50, width: 1000, height: 720 }),
      getBounds: () => ({ x: 0, y: 0, width: 1920, height: 1050 }),
      isMaximized: () => facts.maximized,
      isMinimized: () => facts.minimized ?? false,
      isFullScreen: () => false,
      isDestroyed: () => false,
    });
  }

  it('stores the state when the window closes, and the next window opens there', () => {
    const settings = memorySettings();
    const window = fakeWindow({ maximized: true });
    rememberWindowState(window as never, settings);
    expect(settings.data.has(WINDOW_STATE_KEY)).toBe(false);
    window.emit('close');
    expect(settings.get(WINDOW_STATE_KEY)).toEqual(stored(40, 50, 1000, 720, true));

    const screen = { getAllDisplays: () => [{ workArea: laptop }] };
    expect(storedPlacement(settings, screen as never)).toEqual({
      bounds: { x: 40, y: 50, width: 1000, height: 720 },
      maximized: true,
    });
  });

  it('stores the normal bounds of a window closed while minimized', () => {
    const settings = memorySettings();
    const window = fakeWindow({ maximized: false, minimized: true });
    rememberWindowState(window as never, settings);
    window.emit('close');
    expect(settings.get(WINDOW_STATE_KEY)).toEqual(stored(40, 50, 1000, 720, false));
  });
});
