/**
 * Which files may be attached: an allow-list by extension, checked against the bytes. PDF, PNG
 * and JPEG (and the Office containers) must start with their magic bytes; text must not be binary.
 */
export interface AllowedType {
  contentType: string
  /** The file must start with one of these byte sequences (none = text, checked for NUL bytes). */
  magic?: number[][]
  text?: boolean
}

const ZIP = [[0x50, 0x4b, 0x03, 0x04]]
const OLE = [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]]

export const ALLOWED_TYPES: Record<string, AllowedType> = {
  pdf: { contentType: 'application/pdf', magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  png: { contentType: 'image/png', magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  jpg: { contentType: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  jpeg: { contentType: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  gif: { contentType: 'image/gif', magic: [[0x47, 0x49, 0x46, 0x38]] },
  webp: { contentType: 'image/webp', magic: [[0x52, 0x49, 0x46, 0x46]] },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ZIP },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', magic: ZIP },
  doc: { contentType: 'application/msword', magic: OLE },
  xls: { contentType: 'application/vnd.ms-excel', magic: OLE },
  ppt: { contentType: 'application/vnd.ms-powerpoint', magic: OLE },
  csv: { contentType: 'text/csv', text: true },
  txt: { contentType: 'text/plain', text: true },
}

/** Content types browsers send for the same files that we accept as equivalent. */
const GENERIC_TYPES = new Set(['application/octet-stream', 'application/zip', 'application/x-zip-compressed', 'application/vnd.ms-excel', 'text/plain'])

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase()
}

/** How many leading bytes the check needs. */
export const SNIFF_BYTES = 512

/**
 * The type a file is stored as, or a reason it is refused. `declared` is the request's
 * Content-Type (without parameters); `head` its first bytes.
 */
export function checkFileType(fileName: string, declared: string, head: Buffer): { contentType: string } | { refused: string } {
  const extension = extensionOf(fileName)
  const allowed = ALLOWED_TYPES[extension]
  if (!allowed) return { refused: `Files of type .${extension || '(none)'} are not accepted. Allowed: ${Object.keys(ALLOWED_TYPES).join(', ')}.` }
  if (declared !== allowed.contentType && !GENERIC_TYPES.has(declared)) {
    return { refused: `The Content-Type ${declared} does not match a .${extension} file.` }
  }
  if (allowed.text) {
    // NUL and other C0 controls (tab, CR/LF, form feed and ESC aside) do not occur in CSV or text.
    if (head.some((byte) => byte < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d, 0x1b].includes(byte))) return { refused: `The file is not a text file, so it cannot be a .${extension}.` }
  } else if (!allowed.magic!.some((magic) => head.length >= magic.length && magic.every((byte, i) => head[i] === byte))) {
    return { refused: `The file's contents are not a real .${extension} file.` }
  }
  return { contentType: allowed.contentType }
}
