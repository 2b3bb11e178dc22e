/**
 * electron-builder: the installers (`npm run dist`). Linux AppImage, deb and rpm; macOS dmg
 * (plus the zip that macOS's updater installs from); Windows NSIS. Run on each OS for its own
 * installers (or on CI runners for each).
 *
 * Updates (electron-updater, electron/desktop/UpdateController.ts): AppImage, NSIS and dmg/zip
 * installs look for updates at `publish`'s URL, which electron-builder writes into the app as
 * app-update.yml. The URL below is a PLACEHOLDER (`.invalid` never resolves): a release build
 * sets the real one, e.g. `npm run dist -- -c.publish.url=https://updates.corp.example/rm`, and
 * uploads the installers and latest*.yml files there. deb and rpm never update themselves.
 *
 * `matrix:` links: `protocols` registers the scheme with macOS (Info.plist) and Linux (the
 * desktop entry's MimeType=x-scheme-handler/matrix); on Windows the installer registers it and
 * its uninstaller removes it (build/installer.nsh), and the app registers itself at start too
 * (app.setAsDefaultProtocolClient in main.ts).
 *
 * Input is the built app only: the bundles Vite wrote to .vite/ (`npm run build`) and
 * package.json. electron-builder adds the production dependencies from node_modules itself
 * (main.js imports them at run time, see vite.main.config.ts) and never the devDependencies; the
 * sources, tests, fixtures and the test bridge match no pattern below and stay out.
 *
 * Resources come from build/: icon.png (512x512, converted to .icns and .ico here) and
 * build/icons/NxN.png for the Linux desktop entry. Regenerate them with build/make-icon.ts.
 *
 * @type {import('electron-builder').Configuration}
 */
module.exports = {
  appId: 'org.routedmatrix.RoutedMatrix',
  productName: 'Routed Matrix',
  copyright: 'Copyright © Routed Matrix maintainers',
  directories: {
    buildResources: 'build',
    output: 'dist',
  },
  files: ['.vite/build/**/*', '.vite/renderer/**/*', 'package.json'],
  asar: true,
  icon: 'build/icon.png',
  protocols: [{ name: 'Matrix link', schemes: ['matrix'] }],
  publish: [
    {
      provider: 'generic',
      url: 'https://updates.routed-matrix.invalid/${os}/${arch}',
      channel: 'latest',
    },
  ],
  // Electron's build-time switches: the same set Forge's packaging flips (one list for both).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS config: require is its import
  electronFuses: require('./electron-fuses.config.cjs'),
  linux: {
    target: ['AppImage', 'deb', 'rpm'],
    executableName: 'routed-matrix',
    icon: 'build/icons',
    category: 'Network;InstantMessaging;Chat',
    synopsis: 'Matrix client for login portals',
    maintainer: 'Routed Matrix maintainers <maintainers@users.noreply.r-seed-1440fc43.example>',
    // Installs the entry as routed-matrix.desktop, matching package.json "desktopName", which
    // Electron uses as the window's app id / WM_CLASS, so docks group the window with it.
    syncDesktopName: true,
    desktop: {
      entry: {
        GenericName: 'Matrix Client',
        Keywords: 'Matrix;Chat;Messaging;',
        StartupNotify: 'true',
      },
    },
  },
  mac: {
    target: ['dmg', 'zip'],
    category: 'public.app-category.social-networking',
  },
  dmg: {
    title: '${productName} ${version}',
  },
  win: {
    target: ['nsis'],
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    shortcutName: 'Routed Matrix',
    // The matrix: scheme in HKCU, removed again on uninstall.
    include: 'build/installer.nsh',
  },
};
