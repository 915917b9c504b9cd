'use strict'
// Drift check: regenerate the napi loader and type definitions into a temporary folder and
// compare them with the committed native.js / native.d.ts. Fails when a rebuild would change
// them, i.e. someone changed src/lib.rs without committing the regenerated files.
// Pass --release (the default) or --debug to match the profile that was built last; cargo
// reuses that build, so the check costs seconds.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const files = ['native.d.ts', 'native.js']
const profile = process.argv.includes('--debug') ? [] : ['--release']
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'salesrules-drift-'))

try {
  const napi = path.join(root, 'node_modules', '@napi-rs', 'cli', 'dist', 'cli.js')
  execFileSync(
    process.execPath,
    [napi, 'build', '--platform', ...profile, '--output-dir', out, '--js', 'native.js', '--dts', 'native.d.ts'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  )
  const drifted = files.filter((f) => {
    const fresh = fs.readFileSync(path.join(out, f), 'utf8')
    const committed = fs.readFileSync(path.join(root, f), 'utf8')
    return fresh !== committed
  })
  if (drifted.length > 0) {
    console.error(`drift: a rebuild changes ${drifted.join(', ')}; run \`npm run build\` and commit them`)
    for (const f of drifted) {
      try {
        execFileSync('diff', ['-u', path.join(root, f), path.join(out, f)], { stdio: 'inherit' })
      } catch {
        // diff exits 1 when the files differ; the output is what we wanted.
      }
    }
    process.exitCode = 1
  } else {
    console.log(`no drift: ${files.join(', ')} match a fresh build`)
  }
} finally {
  fs.rmSync(out, { recursive: true, force: true })
}
