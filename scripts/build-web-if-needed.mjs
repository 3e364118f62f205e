#!/usr/bin/env node
// Builds the web UI (vite build) before `npm start`, but only when web/dist is missing or older
// than its sources, so a normal restart costs nothing. Skips quietly when there is no web/src.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const web = path.join(root, 'web')
const builtIndex = path.join(web, 'dist', 'index.html')

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0
  const stat = fs.statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)))
  return newest
}

if (!fs.existsSync(path.join(web, 'src'))) process.exit(0)

const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((p) => path.join(web, p))
const sourceTime = Math.max(...sources.map(newestMtime))
const builtTime = fs.existsSync(builtIndex) ? fs.statSync(builtIndex).mtimeMs : 0
if (builtTime >= sourceTime) process.exit(0)

const vite = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vite.cmd' : 'vite')
if (!fs.existsSync(vite)) {
  console.warn('web UI: vite is not installed (npm install without dev dependencies?); starting with the API only.')
  process.exit(0)
}
console.log(builtTime ? 'web UI: sources changed, rebuilding…' : 'web UI: building (first start)…')
const started = Date.now()
const result = spawnSync(vite, ['build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
if (result.status !== 0) {
  console.error('web UI: the build failed (see above). Fix it, or start the API alone with `node bin/daifuku.mjs start`.')
  process.exit(result.status ?? 1)
}
console.log(`web UI: built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
