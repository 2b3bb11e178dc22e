// Globals that Forge's Vite plugin defines in the main bundle: MAIN_WINDOW_VITE_DEV_SERVER_URL
// (set under `npm start` only) and MAIN_WINDOW_VITE_NAME.
/// <reference types="@electron-forge/plugin-vite/forge-vite-env" />
