'use strict'
// Prints how many of the iterators behind dynalite's value streams were closed after a stream stopped early (as a
// Query with a Limit stops) and after one read to its end. Run by DynalitePreloadTest, with and without the preload.
const store = require('dynalite/db').create({})
const opened = []
const values = store.db.values.bind(store.db)
store.db.values = function (options) {
  const iterator = values(options)
  opened.push(iterator)
  return iterator
}
const items = store.getItemDb('table')

function put (i) {
  return new Promise((resolve, reject) => items.put('key' + i, { n: i }, err => (err ? reject(err) : resolve())))
}

function stoppedEarly () {
  return new Promise(resolve => {
    const stream = items.createValueStream({})
    stream.once('data', () => stream.destroy())
    stream.once('close', resolve)
  })
}

function readToTheEnd () {
  return new Promise((resolve, reject) => {
    const stream = items.createValueStream({})
    stream.on('data', () => {})
    stream.once('error', reject)
    stream.once('close', resolve)
  })
}

async function isClosed (iterator) {
  try {
    await iterator.next()
    return false
  }
  catch (err) {
    return err.code === 'LEVEL_ITERATOR_NOT_OPEN'
  }
}

async function main () {
  for (let i = 0; i < 5; i++) await put(i)
  await stoppedEarly()
  await readToTheEnd()
  await new Promise(resolve => setTimeout(resolve, 50))
  let closed = 0
  for (const iterator of opened) if (await isClosed(iterator)) closed++
  console.log('closed ' + closed + ' of ' + opened.length)
}

main().then(() => process.exit(0), err => {
  console.error(err)
  process.exit(1)
})
