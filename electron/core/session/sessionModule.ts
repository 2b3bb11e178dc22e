/**
 * The heavy half of the core: everything that needs matrix-js-sdk (and, through the session,
 * its Rust crypto and fake-indexeddb). AppCore never imports this file statically: it goes
 * through loadSessionModule.ts, so a start with no stored session answers the window without
 * loading any of it.
 */
export { IdentityManager } from '../identity/IdentityManager.js';
export { MediaDownloads } from '../media/MediaDownloads.js';
export { MediaThumbnails } from '../media/MediaThumbnails.js';
// libphonenumber-js (over a hundred modules), only needed for an invite by address.
export { inviteByAddress } from '../rooms/inviteByAddress.js';
export { RoomsService } from '../rooms/RoomsService.js';
export { SessionManager } from './SessionManager.js';
