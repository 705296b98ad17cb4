// A province's upload folder as mails show it, for IT staff who upload with AWS credentials instead
// of the portal (the reminder, the receipt and the mail refusals all name it).

/** incoming/<code>/, or s3://<bucket>/incoming/<code>/ when the bucket's name is known. */
export function uploadFolder(code: string, bucket?: string): string {
  return bucket ? `s3://${bucket}/incoming/${code}/` : `incoming/${code}/`;
}

/** The small note for IT staff who upload with AWS credentials instead of the portal. */
export function folderNote(folder: string): string {
  return `(Dành cho cán bộ CNTT tải tệp lên bằng tài khoản AWS: thư mục của đơn vị là ${folder})`;
}
