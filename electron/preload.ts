/**
 * The page's only bridge to main: the contract's API (see ipc/createPreloadApi.ts) on
 * `window.matrixApp`, through contextBridge, and nothing else.
 *
 * Runs sandboxed, so it is bundled into one CommonJS file whose only require is 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_GLOBAL } from './ipc/contract.js';
import { createPreloadApi } from './ipc/createPreloadApi.js';

contextBridge.exposeInMainWorld(API_GLOBAL, createPreloadApi(ipcRenderer));
