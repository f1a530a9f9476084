'use strict'
// Preloaded into dynalite (node --require) by com.cordiul.local.dynalite.Dynalite. Two repairs:
//
// 1. Exit with the parent. The launcher keeps this process's stdin open as a pipe and never writes to it; when the
// launching JVM goes away, however it goes (even SIGKILL, with no shutdown hook), the pipe closes. Without this an
// orphaned dynalite kept the port and the LevelDB LOCK of its data folder, and the next dynalite on that folder
// listened, then died on its first request ("Database is not open", "Database is closed").
if (process.env.CORDIUL_EXIT_WITH_PARENT === '1') {
  const leave = function (why) {
    process.stderr.write('[cordiul] ' + why + ': dynalite exits\n')
    process.exit(0)
  }
  process.stdin.on('end', function () { leave('stdin closed (the launcher stopped, or is gone)') })
  process.stdin.on('error', function () { leave('stdin failed (the launcher is gone)') })
  process.stdin.resume()
}

// 2. Close iterators. dynalite 4.0.0 turns abstract-level iterators into Node streams whose destroy() calls
// iterator.return(). The iterators of abstract-level 3 (under classic-level for --path, memory-level in memory)
// have no return(): only close() releases them. So every Query and Scan left its iterator open, registered in the
// database's resources with its read-ahead cache and, on LevelDB, a native iterator pinning the memtables and files
// it started on. Under a steady load of queries dynalite grows until V8 aborts it ("Reached heap limit Allocation
// failed - JavaScript heap out of memory", exit code 134); every client then sees "Connection refused".
// This adds the missing return() (the async-iterator protocol's name for "done early") as close().
const path = require('path')

const patched = new Set()
let problems = 0

function patch (from) {
  let file
  try {
    file = require.resolve('abstract-level/abstract-iterator', { paths: [ from ] })
  }
  catch (e) {
    return
  }
  if (patched.has(file)) return
  patched.add(file)
  const { AbstractIterator } = require(file)
  const common = Object.getPrototypeOf(AbstractIterator.prototype)
  if (typeof common.close !== 'function') {
    problems++
    process.stderr.write('[cordiul] ' + file + ': iterators have no close(); dynalite\'s iterators stay open\n')
    return
  }
  if (typeof common.return === 'function') return
  Object.defineProperty(common, 'return', {
    configurable: true,
    writable: true,
    value: async function () {
      await this.close()
      return { done: true, value: undefined }
    },
  })
}

const dynalite = path.dirname(require.resolve('dynalite/package.json', { paths: [ process.cwd(), __dirname ] }))
for (const store of [ 'classic-level', 'memory-level' ]) {
  try {
    patch(path.dirname(require.resolve(store + '/package.json', { paths: [ dynalite ] })))
  }
  catch (e) {
    problems++
    process.stderr.write('[cordiul] cannot find ' + store + ' for dynalite: ' + e.message + '\n')
  }
}
if (patched.size === 0 || problems > 0) {
  process.stderr.write('[cordiul] dynalite runs without the iterator fix: queries will leak memory\n')
}
