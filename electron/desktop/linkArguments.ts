/**
 * The Matrix links in a command line. The OS starts the app (or a second instance, whose argv
 * reaches the first through 'second-instance') with the link as an argument; Electron and
 * Chromium add switches of their own, and in development the app's path comes first. Only
 * arguments the link parser accepts count, so a switch or a path is never taken for a link.
 */
import { parseMatrixLink, type MatrixLink } from '../core/links/parseMatrixLink.js';

export interface ArgumentLink {
  text: string;
  link: MatrixLink;
}

/** The last link on the command line (the one the user clicked), or null. */
export function linkFromArguments(argv: readonly string[]): ArgumentLink | null {
  for (const argument of [...argv].reverse()) {
    const link = parseMatrixLink(argument);
    if (link !== null) return { text: argument.trim(), link };
  }
  return null;
}
