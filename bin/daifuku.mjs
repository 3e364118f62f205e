#!/usr/bin/env node
// The `daifuku` command. Runs the TypeScript CLI through tsx's ESM loader, so the server
// needs no build step (docs/decisions/0007-typescript-run-by-tsx.md).
import { register } from 'tsx/esm/api'

register()
await import(new URL('../src/cli/main.ts', import.meta.url).href)
