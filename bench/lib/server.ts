/**
 * Runs the Daifuku server as a separate process, as users run it, and reads its
 * memory and CPU time from /proc so each scenario can report what the server spent.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const CLOCK_TICKS_PER_SECOND = 100

export interface ServerUsage {
  rssMb: number
  /** The most the process has held since it started (VmHWM). */
  peakRssMb: number
  cpuSeconds: number
}

export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly origin: string,
  ) {}

  static async start(env: Record<string, string>, port: number): Promise<ServerProcess> {
    // BENCH_NODE_ARGS lets a profiling run add e.g. --cpu-prof to the server.
    const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []
    const origin = `http://127.0.0.1:${port}`
    // A server left running by an earlier run would answer /ready below and be measured instead (on a data
    // directory deleted under it, every answer is a 500).
    if (await answers(origin)) throw new Error(`Something already listens on port ${port}: stop it or pass another --port`)
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bench/serve.ts'], {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    // A benchmark that fails must not leave its server running on the data directory.
    const killOnExit = () => child.kill('SIGKILL')
    process.once('exit', killOnExit)
    child.once('exit', () => process.off('exit', killOnExit))
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}`)
      try {
        const response = await fetch(`${origin}/ready`)
        if (response.ok) return new ServerProcess(child, origin)
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    child.kill('SIGKILL')
    throw new Error('The server did not become ready within 60 s')
  }

  usage(): ServerUsage {
    const pid = this.child.pid!
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
    const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
    // Fields after the command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return { rssMb: Math.round(rssKb / 1024), peakRssMb: Math.round(peakKb / 1024), cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000)
    await exited
    clearTimeout(timer)
  }
}

async function answers(origin: string): Promise<boolean> {
  try {
    await fetch(`${origin}/ready`)
    return true
  } catch {
    return false
  }
}
