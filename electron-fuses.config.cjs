/**
 * Electron's fuses for this app: build-time switches flipped in the packaged binary, which no
 * code, flag or environment variable can turn back at run time. The one list both packagers use:
 * electron-builder takes it as `electronFuses` (electron-builder.config.cjs), Electron Forge
 * through @electron-forge/plugin-fuses (forge.config.ts maps the names to FuseV1Options).
 *
 * Set for an app that never runs as plain Node, takes no Node options or inspector flags from
 * outside, loads its code only from its own integrity-checked archive, keeps its cookies
 * encrypted, and never serves pages from file://.
 *
 * @type {import('./electron-fuses.config.cjs').AppFuses}
 */
module.exports = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
  // Unsigned macOS arm64 builds need their ad-hoc signature redone after fuses are flipped.
  resetAdHocDarwinSignature: true,
};
