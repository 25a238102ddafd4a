import { ProactiveError } from '../errors/proactive-error'
import { badCliUsage } from '../errors/codes'
import { startCommand } from './start-command'
import { backtestCommand } from './backtest-command'
import { packageVersion } from './package-version'

const usage = `Usage: proactive <command> [options]

Commands:
  start            Start the Proactive Monitor (port 8004) with the environment and .env
    --host HOST      bind address (default 127.0.0.1, or PROACTIVE_HOST)
    --port PORT      monitor port (default 8004, or PROACTIVE_MONITOR_PORT)
    --env-file PATH  read variables from this file (default .env; set variables win)
  backtest FILE…   Replay recorded samples through the monitor and predictor on a simulated clock
    --metric NAME    metric of CSV files (timestamp,value); default: the file name
    --format F       text (default) or json (one line per prediction or alert)
    --anomaly-scores write timestamp,value,anomaly_score for every row to --out DIR/<file name>
    --out DIR        where --anomaly-scores writes
  help             Show this help
  version          Print the version

Configuration: see the README (CPU_THRESHOLD_WARNING, PROACTIVE_STORAGE, PROACTIVE_TOKEN, …).
`

/**
 * Runs the `proactive` command line. Resolves with the exit code, or `undefined` for a long-running
 * command (start) that keeps the process alive.
 *
 * @example
 * await runCli(['start', '--port', '9004'])
 */
export async function runCli(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(usage)
        return 0
      case 'version':
      case '--version':
      case '-v':
        process.stdout.write(`${packageVersion()}\n`)
        return 0
      case 'backtest':
        return await backtestCommand(rest)
      case 'start':
        await startCommand(rest)
        return undefined
      default:
        throw badCliUsage(`unknown command ${JSON.stringify(command)}; run \`proactive help\``)
    }
  } catch (error) {
    if (error instanceof ProactiveError) {
      process.stderr.write(`proactive: ${error.message} [${error.code}]\n`)
      return error.code === 'PROACTIVE_ERR_CLI_USAGE' ? 2 : 1
    }
    throw error
  }
}
