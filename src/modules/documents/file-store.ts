/**
 * Where attached files' bytes live. Services only see FileStore, so an S3-compatible store can
 * implement the same three calls later (decision 0018); LocalFileStore keeps them on disk.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

export interface FileStore {
  /** Stores the stream's bytes under the key (replacing nothing: keys are never reused). */
  put(key: string, stream: Readable): Promise<void>
  /** The bytes under the key; rejects if there are none. */
  get(key: string): Promise<Readable>
  /** Removes the key; a missing key is not an error. */
  delete(key: string): Promise<void>
}

/** Keys are "<tenant id>/<document id>/<version id>": nothing else can reach the disk. */
const KEY_PATTERN = /^[0-9a-f-]{36}\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key: ${key}`)
    return path.join(this.root, ...key.split('/'))
  }

  async put(key: string, stream: Readable): Promise<void> {
    const target = this.pathOf(key)
    await fs.promises.mkdir(path.dirname(target), { recursive: true })
    // Written under a temporary name and renamed, so a failed upload never leaves a partial file under the key.
    const partial = `${target}.partial`
    try {
      await pipeline(stream, fs.createWriteStream(partial, { flags: 'wx' }))
      await fs.promises.rename(partial, target)
    } catch (error) {
      await fs.promises.rm(partial, { force: true })
      throw error
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key)
    await fs.promises.access(file, fs.constants.R_OK)
    return fs.createReadStream(file)
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true })
  }
}
