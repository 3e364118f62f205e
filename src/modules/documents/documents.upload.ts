/**
 * Streams an upload into the FileStore while counting, hashing and keeping the first bytes,
 * then checks size and type; a refused file is deleted again. No transaction is held meanwhile.
 */
import { createHash } from 'node:crypto'
import { type Readable, Transform } from 'node:stream'
import { AppError, invalid } from '../../platform/errors.ts'
import { checkFileType, SNIFF_BYTES } from './documents.sniff.ts'
import type { FileStore } from './file-store.ts'

export const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', `The file is larger than the limit of ${Math.floor(maxBytes / (1024 * 1024))} MB (${maxBytes} bytes).`, [
    { path: 'body', message: `At most ${maxBytes} bytes.` },
  ])

export interface UploadInput {
  body: Readable
  fileName: string
  declaredType: string
  maxBytes: number
}

export async function storeUpload(store: FileStore, storageKey: string, input: UploadInput): Promise<{ size: number; sha256: string; contentType: string }> {
  const hash = createHash('sha256')
  let size = 0
  let head = Buffer.alloc(0)
  let overLimit = false
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length
      if (size > input.maxBytes) {
        overLimit = true
        callback(tooLarge(input.maxBytes))
        return
      }
      if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)])
      hash.update(chunk)
      callback(null, chunk)
    },
  })
  try {
    await store.put(storageKey, input.body.pipe(meter))
  } catch (error) {
    await store.delete(storageKey)
    // Stop reading the rest of an over-long body.
    input.body.resume()
    if (overLimit) throw tooLarge(input.maxBytes)
    throw error
  }
  if (size === 0) {
    await store.delete(storageKey)
    throw invalid('The file is empty.', [{ path: 'body', message: 'Send the file as the request body.' }])
  }
  const checked = checkFileType(input.fileName, input.declaredType, head)
  if ('refused' in checked) {
    await store.delete(storageKey)
    throw invalid(checked.refused, [{ path: 'body', message: checked.refused }])
  }
  return { size, sha256: hash.digest('hex'), contentType: checked.contentType }
}

/** The X-File-Name header: percent-encoded UTF-8 (headers are Latin-1), plain ASCII also accepted. */
export function decodeFileName(header: string | string[] | undefined): string | null {
  const raw = Array.isArray(header) ? header[0] : header
  if (!raw) return null
  let name = raw
  try {
    name = decodeURIComponent(raw)
  } catch {
    // not percent-encoded: use as sent
  }
  // Only the last path segment, no control characters.
  name = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return name.length > 0 && name.length <= 255 ? name : null
}

/** Content-Disposition with an ASCII fallback and the RFC 5987 UTF-8 name (日本語のファイル名). */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

