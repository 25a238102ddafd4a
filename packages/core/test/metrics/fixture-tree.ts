import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A temporary directory of files, standing in for `/proc` or `/sys/fs/cgroup`. */
export interface FixtureTree {
  readonly root: string
  /** Absolute path of a file or directory in the tree. */
  path(relative: string): string
  /** Writes (or overwrites) files, creating their directories; a value ending in `/` creates a directory. */
  write(files: Readonly<Record<string, string>>): Promise<void>
  remove(): Promise<void>
}

/** Creates a fixture tree in the OS temp directory with the given files. */
export async function createFixtureTree(files: Readonly<Record<string, string>> = {}): Promise<FixtureTree> {
  const root = await mkdtemp(join(tmpdir(), 'proactive-metrics-'))
  const tree: FixtureTree = {
    root,
    path: (relative) => join(root, relative),
    async write(entries) {
      for (const [relative, content] of Object.entries(entries)) {
        const target = join(root, relative)
        if (relative.endsWith('/')) {
          await mkdir(target, { recursive: true })
          continue
        }
        await mkdir(dirname(target), { recursive: true })
        await writeFile(target, content)
      }
    },
    remove: () => rm(root, { recursive: true, force: true }),
  }
  await tree.write(files)
  return tree
}
