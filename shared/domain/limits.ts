/** A daily report is tens of kilobytes; an upload past this is refused unread (intake and the form reader). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
