/** The fuses of electron-fuses.config.cjs, named as electron-builder's `electronFuses` names them. */
interface AppFuses {
  runAsNode: boolean;
  enableCookieEncryption: boolean;
  enableNodeOptionsEnvironmentVariable: boolean;
  enableNodeCliInspectArguments: boolean;
  enableEmbeddedAsarIntegrityValidation: boolean;
  onlyLoadAppFromAsar: boolean;
  loadBrowserProcessSpecificV8Snapshot: boolean;
  grantFileProtocolExtraPrivileges: boolean;
  resetAdHocDarwinSignature: boolean;
}

declare const appFuses: AppFuses;
declare namespace appFuses {
  export type { AppFuses };
}
export = appFuses;
