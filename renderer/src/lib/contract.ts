/**
 * The renderer's view of the IPC contract: types only. The renderer never imports values from
 * electron/ (lint enforces it); everything it needs at runtime arrives through `window.matrixApp`.
 */
export type {
  API_GLOBAL,
  AppApi,
  AppEvents,
  AppState,
  BusyStep,
  CommandName,
  CommandRequest,
  CommandResult,
  CommandResults,
  ConnectionStatus,
  DesktopState,
  ConnectionTestResult,
  ConnectionTestStep,
  DisableImpact,
  Discovery,
  EventName,
  IdentityCandidate,
  IdentitySource,
  NetworkSettings,
  IdentityState,
  LoginFlows,
  ManagedSettings,
  Policy,
  Result,
  SessionState,
  UserError,
} from '../../../electron/ipc/contract.js';
