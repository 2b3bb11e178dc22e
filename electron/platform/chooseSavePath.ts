/**
 * Where a download goes, in Electron: the system's save dialog, starting in the user's
 * Downloads folder with the name the sender suggested (already reduced to a plain file name by
 * the core). Null when the user cancels.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';

export async function chooseSavePath(suggestedName: string): Promise<string | null> {
  const options = { defaultPath: join(app.getPath('downloads'), suggestedName) };
  const window = BrowserWindow.getFocusedWindow();
  const answer = window
    ? await dialog.showSaveDialog(window, options)
    : await dialog.showSaveDialog(options);
  return answer.canceled || !answer.filePath ? null : answer.filePath;
}
